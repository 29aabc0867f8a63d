//! The instance records the shaders read from storage buffers, one struct per primitive
//! kind, laid out exactly like the WGSL structs (`shaders/*.wgsl`): every field a 16-byte
//! vector, so `#[repr(C)]` and WGSL's storage layout agree without padding rules to
//! remember. Conversions from the scene's primitives live here too, with the bounding box
//! each instance can touch on the target (used to size opacity layers).

use bytemuck::{Pod, Zeroable};
use fc_paint::{Affine, BorderStyle, Clip, Gradient, Quad, Rect, Shadow, MAX_GRADIENT_STOPS};

/// `Clip` in common.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct GpuClip {
    pub rect: [f32; 4],
    pub rounded: [f32; 4],
    pub radii: [f32; 4],
}

impl From<Clip> for GpuClip {
    fn from(c: Clip) -> Self {
        GpuClip {
            rect: c.rect,
            rounded: c.rounded,
            radii: c.radii,
        }
    }
}

/// `Transform` in common.wgsl: (a, b, c, d) and (e, f, 0, 0).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct GpuTransform {
    pub m: [f32; 4],
    pub t: [f32; 4],
}

impl From<Affine> for GpuTransform {
    fn from([a, b, c, d, e, f]: Affine) -> Self {
        GpuTransform {
            m: [a, b, c, d],
            t: [e, f, 0.0, 0.0],
        }
    }
}

/// `QuadData` in quad.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct QuadInstance {
    pub bounds: [f32; 4],
    pub background: [f32; 4],
    pub border_colors: [[f32; 4]; 4],
    pub border_widths: [f32; 4],
    pub corner_radii: [f32; 4],
    pub border_styles: [u32; 4],
    pub clip: GpuClip,
    pub transform: GpuTransform,
}

/// `ShadowData` in shadow.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct ShadowInstance {
    pub bounds: [f32; 4],
    pub corner_radii: [f32; 4],
    pub color: [f32; 4],
    pub cutout: [f32; 4],
    pub cutout_radii: [f32; 4],
    /// Standard deviation, inset flag.
    pub params: [f32; 4],
    pub clip: GpuClip,
    pub transform: GpuTransform,
}

/// `GradientData` in gradient.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct GradientInstance {
    pub bounds: [f32; 4],
    pub corner_radii: [f32; 4],
    pub tile: [f32; 4],
    pub line: [f32; 4],
    /// Repeat x, repeat y, repeating stops, stop count.
    pub flags: [u32; 4],
    pub offsets: [[f32; 4]; 2],
    pub colors: [[f32; 4]; MAX_GRADIENT_STOPS],
    pub clip: GpuClip,
    pub transform: GpuTransform,
}

/// `GlyphData` in glyph.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct GlyphInstance {
    /// Image rectangle in local device pixels: x, y (top-left), width, height.
    pub rect: [f32; 4],
    /// Top-left texel in its atlas page, `GlyphKind` as u32, unused.
    pub atlas: [u32; 4],
    /// Straight sRGB, 0..1.
    pub color: [f32; 4],
    pub clip: GpuClip,
    pub transform: GpuTransform,
}

/// `CompositeData` in composite.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct CompositeInstance {
    pub bounds: [f32; 4],
    /// Opacity, unused ×3.
    pub params: [f32; 4],
}

fn style_code(s: BorderStyle) -> u32 {
    match s {
        BorderStyle::Solid => 0,
        BorderStyle::Dashed => 1,
        BorderStyle::Dotted => 2,
    }
}

/// `PlainData` in plain.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct PlainInstance {
    /// On the target (the translation applied).
    pub bounds: [f32; 4],
    /// Premultiplied.
    pub color: [f32; 4],
    pub clip: [f32; 4],
}

/// The quad as a plain box when it is one: a fill only (no visible border), square corners,
/// at most a translation, no rounded clip.
pub(crate) fn plain_instance(q: &Quad) -> Option<PlainInstance> {
    let [a, b, c, d, e, f] = q.transform;
    let translation = (a, b, c, d) == (1.0, 0.0, 0.0, 1.0);
    let no_border =
        q.border_widths.iter().all(|w| *w <= 0.0) || q.border_colors.iter().all(|c| c[3] <= 0.0);
    let square = q.corner_radii.iter().all(|r| *r <= 0.0);
    let rect_clip = q.clip.radii.iter().all(|r| *r == 0.0);
    if !(translation && no_border && square && rect_clip) {
        return None;
    }
    let [r, g, bl, alpha] = q.background;
    Some(PlainInstance {
        bounds: [q.bounds[0] + e, q.bounds[1] + f, q.bounds[2], q.bounds[3]],
        color: [r * alpha, g * alpha, bl * alpha, alpha],
        clip: q.clip.rect,
    })
}

/// A square quad with solid borders as plain boxes: its fill, then one strip per drawn side.
/// Only where that paints what `quad.wgsl` does: at most a translation, no rounded clip, and
/// the drawn sides all of one colour (CSS splits a corner between two sides diagonally;
/// of one colour, the split does not show), and the box's outer edges, and its clip's where
/// the clip cuts it, on whole pixels (parts drawn one over the other, each anti-aliased
/// along a shared fractional edge, would blend that edge twice). Software rasterisers run
/// `quad.wgsl` over the whole box for a one-pixel `border-top`; the strips cover the
/// border alone.
pub(crate) fn plain_parts(q: &Quad) -> Option<([PlainInstance; 5], usize)> {
    let [a, b, c, d, e, f] = q.transform;
    let square = q.corner_radii.iter().all(|r| *r <= 0.0);
    let rect_clip = q.clip.radii.iter().all(|r| *r == 0.0);
    if (a, b, c, d) != (1.0, 0.0, 0.0, 1.0) || !square || !rect_clip {
        return None;
    }
    let edges = |[x, y, w, h]: [f32; 4]| [x, y, x + w, y + h];
    let whole = |r: [f32; 4]| edges(r).iter().all(|v| v.fract() == 0.0);
    let [x, y, w, h] = q.bounds;
    let placed = [x + e, y + f, w, h];
    let [bx0, by0, bx1, by1] = edges(placed);
    let [cx0, cy0, cx1, cy1] = edges(q.clip.rect);
    let clip_contains = cx0 <= bx0 && cy0 <= by0 && cx1 >= bx1 && cy1 >= by1;
    if !whole(placed) || !(clip_contains || whole(q.clip.rect)) {
        return None;
    }
    let drawn = |i: usize| q.border_widths[i] > 0.0 && q.border_colors[i][3] > 0.0;
    let mut colour = None;
    for i in 0..4 {
        if !drawn(i) {
            continue;
        }
        if q.border_styles[i] != BorderStyle::Solid
            || colour.is_some_and(|c| c != q.border_colors[i])
        {
            return None;
        }
        colour = Some(q.border_colors[i]);
    }
    let width = |i: usize| if drawn(i) { q.border_widths[i] } else { 0.0 };
    let (top, right, bottom, left) = (width(0), width(1), width(2), width(3));
    // Borders wider than the box: the shader's inside is empty then; leave it to it.
    if top + bottom > h || left + right > w {
        return None;
    }
    let premultiplied = |[r, g, bl, alpha]: [f32; 4]| [r * alpha, g * alpha, bl * alpha, alpha];
    let [x, y, w, h] = placed;
    let mut parts = [PlainInstance {
        bounds: [0.0; 4],
        color: [0.0; 4],
        clip: q.clip.rect,
    }; 5];
    let mut n = 0;
    let mut push = |bounds: [f32; 4], color: [f32; 4]| {
        if bounds[2] > 0.0 && bounds[3] > 0.0 && color[3] > 0.0 {
            parts[n].bounds = bounds;
            parts[n].color = premultiplied(color);
            n += 1;
        }
    };
    push([x, y, w, h], q.background);
    if let Some(colour) = colour {
        let middle = h - top - bottom;
        push([x, y, w, top], colour);
        push([x, y + h - bottom, w, bottom], colour);
        push([x, y + top, left, middle], colour);
        push([x + w - right, y + top, right, middle], colour);
    }
    Some((parts, n))
}

pub(crate) fn quad_instance(q: &Quad) -> QuadInstance {
    QuadInstance {
        bounds: q.bounds,
        background: q.background,
        border_colors: q.border_colors,
        border_widths: q.border_widths,
        corner_radii: q.corner_radii,
        border_styles: q.border_styles.map(style_code),
        clip: q.clip.into(),
        transform: q.transform.into(),
    }
}

pub(crate) fn shadow_instance(s: &Shadow) -> ShadowInstance {
    ShadowInstance {
        bounds: s.bounds,
        corner_radii: s.corner_radii,
        color: s.color,
        cutout: s.cutout,
        cutout_radii: s.cutout_radii,
        // CSS: the blur radius is twice the Gaussian's standard deviation.
        params: [
            s.blur.max(0.0) / 2.0,
            f32::from(u8::from(s.inset)),
            0.0,
            0.0,
        ],
        clip: s.clip.into(),
        transform: s.transform.into(),
    }
}

pub(crate) fn gradient_instance(g: &Gradient) -> GradientInstance {
    let mut offsets = [[0.0; 4]; 2];
    let mut colors = [[0.0; 4]; MAX_GRADIENT_STOPS];
    for (i, stop) in g.stops.iter().enumerate() {
        offsets[i / 4][i % 4] = stop.offset;
        colors[i] = stop.color;
    }
    GradientInstance {
        bounds: g.bounds,
        corner_radii: g.corner_radii,
        tile: g.tile,
        line: [g.start[0], g.start[1], g.end[0], g.end[1]],
        flags: [
            u32::from(g.repeat[0]),
            u32::from(g.repeat[1]),
            u32::from(g.repeating),
            g.stop_count.min(MAX_GRADIENT_STOPS as u32),
        ],
        offsets,
        colors,
        clip: g.clip.into(),
        transform: g.transform.into(),
    }
}

/// The target-space bounding box of `local` under `m`, grown by one pixel for the
/// anti-aliased edge and cut to the clip rectangle.
pub(crate) fn target_bounds(m: &Affine, local: Rect, clip: &Clip) -> Rect {
    let b = fc_paint::transform::map_rect_bounds(m, local);
    let grown = [b[0] - 1.0, b[1] - 1.0, b[2] + 2.0, b[3] + 2.0];
    intersect(grown, clip.rect)
}

pub(crate) fn intersect(a: Rect, b: Rect) -> Rect {
    let x0 = a[0].max(b[0]);
    let y0 = a[1].max(b[1]);
    let x1 = (a[0] + a[2]).min(b[0] + b[2]);
    let y1 = (a[1] + a[3]).min(b[1] + b[3]);
    [x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0)]
}

/// The smallest rectangle holding both (an empty one holds nothing).
pub(crate) fn union(a: Rect, b: Rect) -> Rect {
    if a[2] <= 0.0 || a[3] <= 0.0 {
        return b;
    }
    if b[2] <= 0.0 || b[3] <= 0.0 {
        return a;
    }
    let x0 = a[0].min(b[0]);
    let y0 = a[1].min(b[1]);
    let x1 = (a[0] + a[2]).max(b[0] + b[2]);
    let y1 = (a[1] + a[3]).max(b[1] + b[3]);
    [x0, y0, x1 - x0, y1 - y0]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The WGSL structs' sizes: a mismatch would shift every instance after the first.
    #[test]
    fn instance_sizes_match_wgsl() {
        assert_eq!(size_of::<QuadInstance>(), 14 * 16);
        assert_eq!(size_of::<ShadowInstance>(), 11 * 16);
        assert_eq!(size_of::<GradientInstance>(), 20 * 16);
        assert_eq!(size_of::<GlyphInstance>(), 8 * 16);
        assert_eq!(size_of::<CompositeInstance>(), 2 * 16);
    }

    #[test]
    fn bounds_union_and_intersection() {
        assert_eq!(
            union([0.0, 0.0, 0.0, 0.0], [1.0, 1.0, 2.0, 2.0]),
            [1.0, 1.0, 2.0, 2.0]
        );
        assert_eq!(
            union([0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 2.0, 2.0]),
            [0.0, 0.0, 3.0, 3.0]
        );
        assert_eq!(
            intersect([0.0, 0.0, 2.0, 2.0], [1.0, 1.0, 2.0, 2.0]),
            [1.0, 1.0, 1.0, 1.0]
        );
    }

    #[test]
    fn square_boxes_with_borders_of_one_colour_become_strips() {
        let row = Quad {
            border_widths: [2.0, 0.0, 0.0, 0.0],
            border_colors: [[0.5, 0.5, 0.5, 1.0]; 4],
            ..Quad::filled([0.0, 10.0, 750.0, 66.0], [0.0; 4])
        };
        // A table row: no fill, a top border: one strip, the border's.
        let (parts, n) = plain_parts(&row).expect("strips");
        assert_eq!(n, 1);
        assert_eq!(parts[0].bounds, [0.0, 10.0, 750.0, 2.0]);
        assert_eq!(parts[0].color, [0.5, 0.5, 0.5, 1.0]);
        // A fill and four sides: the fill, then the sides around the middle.
        let framed = Quad {
            border_widths: [1.0, 2.0, 3.0, 4.0],
            background: [1.0, 0.0, 0.0, 0.5],
            ..row
        };
        let (parts, n) = plain_parts(&framed).expect("strips");
        assert_eq!(n, 5);
        assert_eq!(parts[0].bounds, [0.0, 10.0, 750.0, 66.0]);
        assert_eq!(parts[0].color, [0.5, 0.0, 0.0, 0.5]);
        assert_eq!(parts[3].bounds, [0.0, 11.0, 4.0, 62.0]);
        assert_eq!(parts[4].bounds, [748.0, 11.0, 2.0, 62.0]);
        // Not: sides of two colours, a dashed side, a rounded corner, a fractional edge.
        let mut two = framed;
        two.border_colors[1] = [0.0, 0.0, 0.0, 1.0];
        assert!(plain_parts(&two).is_none());
        let mut dashed = row;
        dashed.border_styles[0] = BorderStyle::Dashed;
        assert!(plain_parts(&dashed).is_none());
        assert!(plain_parts(&Quad {
            corner_radii: [1.0; 4],
            ..row
        })
        .is_none());
        assert!(plain_parts(&Quad {
            bounds: [0.5, 10.0, 750.0, 66.0],
            ..row
        })
        .is_none());
    }
}
