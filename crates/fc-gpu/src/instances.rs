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
}
