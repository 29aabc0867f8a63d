//! `linear-gradient` background layers: where the tile is (background-size, -position,
//! -repeat), where the gradient line runs in it, and where the colour stops fall.
//!
//! Follows CSS Backgrounds 3 and CSS Images 3 for images without intrinsic size:
//! - the positioning area is the padding box, the painting area the border box (the initial
//!   `background-origin` and `background-clip`);
//! - `auto`, `cover` and `contain` all make the tile as large as the positioning area;
//! - `round` scales the tile so a whole number fits; `space` is drawn as `repeat`
//!   (a simplification: it would spread whole tiles with gaps between them).
//! - More than `MAX_GRADIENT_STOPS` stops: the extra ones are dropped.

use crate::scene::{Gradient, GradientStop, Rect, MAX_GRADIENT_STOPS};
use fc_style::{
    BackgroundPosition, BackgroundRepeat, BackgroundSize, GradientDirection, Length,
    LinearGradient, RepeatStyle,
};

/// The tile rectangle (device px) for a layer in positioning area `area`, and whether it
/// repeats along x and y.
pub fn layout_tile(
    area: Rect,
    size: BackgroundSize,
    position: BackgroundPosition,
    repeat: BackgroundRepeat,
    scale: f32,
) -> (Rect, [bool; 2]) {
    let len = |l: Option<Length>, basis: f32| match l {
        Some(Length::Px(v)) => Some(v * scale),
        Some(Length::Percent(p)) => Some(basis * p / 100.0),
        Some(Length::Auto) | None => None,
    };
    let (mut w, mut h) = match size {
        BackgroundSize::Cover | BackgroundSize::Contain => (area[2], area[3]),
        BackgroundSize::Explicit { width, height } => (
            len(width, area[2]).unwrap_or(area[2]),
            len(height, area[3]).unwrap_or(area[3]),
        ),
    };
    let round = |tile: f32, area: f32| {
        let n = (area / tile).round().max(1.0);
        area / n
    };
    if repeat.x == RepeatStyle::Round && w > 0.0 {
        w = round(w, area[2]);
    }
    if repeat.y == RepeatStyle::Round && h > 0.0 {
        h = round(h, area[3]);
    }
    let x = area[0] + position.x.px * scale + (area[2] - w) * position.x.percent / 100.0;
    let y = area[1] + position.y.px * scale + (area[3] - h) * position.y.percent / 100.0;
    (
        [x, y, w.max(0.0), h.max(0.0)],
        [
            repeat.x != RepeatStyle::NoRepeat,
            repeat.y != RepeatStyle::NoRepeat,
        ],
    )
}

/// The gradient line's start and end (relative to the tile's origin) for a tile of `w`×`h`:
/// through the tile's centre, long enough that its perpendiculars through the start and end
/// touch the tile's corners (CSS Images 3, § 3.1.1).
pub fn gradient_line(direction: GradientDirection, w: f32, h: f32) -> ([f32; 2], [f32; 2]) {
    let (dx, dy) = match direction {
        // 0deg points up, angles grow clockwise.
        GradientDirection::Angle(deg) => {
            let (s, c) = deg.to_radians().sin_cos();
            (s, -c)
        }
        // Perpendicular to the diagonal joining the two corners next to the target corner.
        GradientDirection::ToCorner { right, bottom } => {
            let n = (w * w + h * h).sqrt().max(f32::EPSILON);
            let sx = if right { 1.0 } else { -1.0 };
            let sy = if bottom { 1.0 } else { -1.0 };
            (sx * h / n, sy * w / n)
        }
    };
    let half = (w * dx.abs() + h * dy.abs()) / 2.0;
    let (cx, cy) = (w / 2.0, h / 2.0);
    (
        [cx - dx * half, cy - dy * half],
        [cx + dx * half, cy + dy * half],
    )
}

/// Stop offsets as fractions of the line (`line_len` device px): unpositioned stops get 0
/// and 1 at the ends and are spread evenly between their positioned neighbours, and no stop
/// may come before the one ahead of it (CSS Images 3, § 3.5.3).
pub fn resolve_stops(
    g: &LinearGradient,
    line_len: f32,
    scale: f32,
) -> ([GradientStop; MAX_GRADIENT_STOPS], u32) {
    let n = g.stops.len().min(MAX_GRADIENT_STOPS);
    if g.stops.len() > MAX_GRADIENT_STOPS {
        tracing::debug!(
            stops = g.stops.len(),
            "gradient has more colour stops than the renderer keeps; extra stops dropped"
        );
    }
    let mut offsets: [Option<f32>; MAX_GRADIENT_STOPS] = [None; MAX_GRADIENT_STOPS];
    for (i, stop) in g.stops.iter().take(n).enumerate() {
        offsets[i] = match stop.position {
            Some(Length::Px(v)) if line_len > 0.0 => Some(v * scale / line_len),
            Some(Length::Px(_)) => Some(0.0),
            Some(Length::Percent(p)) => Some(p / 100.0),
            Some(Length::Auto) | None => None,
        };
    }
    if n > 0 {
        offsets[0] = offsets[0].or(Some(0.0));
        offsets[n - 1] = offsets[n - 1].or(Some(1.0));
    }
    // Clamp each positioned stop to the largest before it.
    let mut max_so_far = f32::MIN;
    for o in offsets.iter_mut().take(n).flatten() {
        *o = o.max(max_so_far);
        max_so_far = *o;
    }
    // Spread runs of unpositioned stops evenly.
    let mut out = [GradientStop::default(); MAX_GRADIENT_STOPS];
    let mut i = 0;
    while i < n {
        if let Some(o) = offsets[i] {
            out[i].offset = o;
            i += 1;
            continue;
        }
        let before = out[i - 1].offset; // stop 0 is always positioned
        let mut j = i;
        while offsets[j].is_none() {
            j += 1; // the last stop is always positioned
        }
        let after = offsets[j].unwrap_or(before);
        let steps = (j - i + 1) as f32;
        for (k, stop) in out.iter_mut().enumerate().take(j).skip(i) {
            stop.offset = before + (after - before) * (k - i + 1) as f32 / steps;
        }
        i = j;
    }
    for (o, stop) in out.iter_mut().zip(&g.stops) {
        o.color = [stop.color.r, stop.color.g, stop.color.b, stop.color.a];
    }
    (out, n as u32)
}

/// A gradient layer as a scene item (without clip and transform, which the caller sets).
pub fn build_gradient(
    g: &LinearGradient,
    painting_area: Rect,
    radii: [f32; 4],
    tile: Rect,
    repeat: [bool; 2],
    scale: f32,
) -> Gradient {
    let (start, end) = gradient_line(g.direction, tile[2], tile[3]);
    let line_len = ((end[0] - start[0]).powi(2) + (end[1] - start[1]).powi(2)).sqrt();
    let (stops, stop_count) = resolve_stops(g, line_len, scale);
    Gradient {
        bounds: painting_area,
        corner_radii: radii,
        tile,
        repeat,
        start,
        end,
        stops,
        stop_count,
        repeating: g.repeating,
        clip: crate::scene::Clip::NONE,
        transform: crate::scene::IDENTITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fc_style::{CalcLength, Color, ColorStop};

    fn stop(c: Color, p: Option<Length>) -> ColorStop {
        ColorStop {
            color: c,
            position: p,
        }
    }

    #[test]
    fn unpositioned_stops_spread_evenly_and_never_go_back() {
        let g = LinearGradient {
            direction: GradientDirection::Angle(180.0),
            stops: vec![
                stop(Color::BLACK, None),
                stop(Color::WHITE, None),
                stop(Color::BLACK, Some(Length::Percent(80.0))),
                stop(Color::WHITE, Some(Length::Px(10.0))),
                stop(Color::BLACK, None),
            ],
            repeating: false,
        };
        // Line 200 device px at scale 2: 10px = 20 device px = 0.1, clamped up to 0.8.
        let (s, n) = resolve_stops(&g, 200.0, 2.0);
        assert_eq!(n, 5);
        let offs: Vec<f32> = s[..5].iter().map(|s| s.offset).collect();
        assert_eq!(offs, vec![0.0, 0.4, 0.8, 0.8, 1.0]);
        assert_eq!(s[1].color, [1.0; 4]);
    }

    #[test]
    fn angles_and_corners_give_css_lines() {
        // `to bottom` (180deg) in a 100x50 tile: top centre to bottom centre.
        let (a, b) = gradient_line(GradientDirection::Angle(180.0), 100.0, 50.0);
        assert!((a[0] - 50.0).abs() < 1e-3 && a[1].abs() < 1e-3, "{a:?}");
        assert!(
            (b[0] - 50.0).abs() < 1e-3 && (b[1] - 50.0).abs() < 1e-3,
            "{b:?}"
        );
        // 90deg: left to right.
        let (a, b) = gradient_line(GradientDirection::Angle(90.0), 100.0, 50.0);
        assert!(a[0].abs() < 1e-3 && (b[0] - 100.0).abs() < 1e-3);
        // `to bottom right` on a square is 135deg and ends in that corner.
        let (_, b) = gradient_line(
            GradientDirection::ToCorner {
                right: true,
                bottom: true,
            },
            100.0,
            100.0,
        );
        assert!(
            (b[0] - 100.0).abs() < 1e-3 && (b[1] - 100.0).abs() < 1e-3,
            "{b:?}"
        );
    }

    #[test]
    fn tile_size_position_and_repeat() {
        let area = [10.0, 20.0, 200.0, 100.0];
        let pos = BackgroundPosition {
            x: CalcLength {
                px: 0.0,
                percent: 100.0,
            },
            y: CalcLength {
                px: 5.0,
                percent: 0.0,
            },
        };
        let size = BackgroundSize::Explicit {
            width: Some(Length::Px(20.0)),
            height: Some(Length::Percent(50.0)),
        };
        let rep = BackgroundRepeat {
            x: RepeatStyle::NoRepeat,
            y: RepeatStyle::Repeat,
        };
        let (tile, repeat) = layout_tile(area, size, pos, rep, 2.0);
        assert_eq!(tile, [10.0 + 160.0, 30.0, 40.0, 50.0]);
        assert_eq!(repeat, [false, true]);
        let (tile, _) = layout_tile(
            area,
            BackgroundSize::default(),
            BackgroundPosition::default(),
            BackgroundRepeat::default(),
            2.0,
        );
        assert_eq!(tile, area, "auto size fills the positioning area");
    }
}
