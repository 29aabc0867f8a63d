// Rounded rectangles with per-corner radii and per-side borders: backgrounds, borders,
// buttons, overlays. One instance per `fc_paint::Quad`; the vertex shader expands a unit
// quad (triangle strip, 4 vertices) over the box, the fragment shader decides coverage with
// signed distance functions, so edges and corners are anti-aliased without MSAA.
//
// Colours arrive as straight (not premultiplied) sRGB in 0..1 and are written as sRGB
// values, premultiplied, so blending happens in sRGB space as it does in browsers.
// Coordinates are device pixels, origin top-left, y down.

struct Globals {
    // Target size in device pixels.
    viewport: vec2<f32>,
    // 1 when the target stores linear values (an sRGB surface format that could not be
    // viewed as non-sRGB): the shader then decodes its sRGB colours so the hardware's
    // encode gives them back. 0 otherwise (the usual case).
    linear_target: u32,
    _pad: u32,
}

@group(0) @binding(0) var<uniform> globals: Globals;

struct QuadIn {
    // x, y, width, height.
    @location(0) bounds: vec4<f32>,
    @location(1) background: vec4<f32>,
    @location(2) border_color: vec4<f32>,
    // top, right, bottom, left.
    @location(3) border_widths: vec4<f32>,
    // top-left, top-right, bottom-right, bottom-left.
    @location(4) corner_radii: vec4<f32>,
    // x, y, width, height.
    @location(5) clip: vec4<f32>,
}

struct VertexOut {
    @builtin(position) position: vec4<f32>,
    @location(0) @interpolate(flat) bounds: vec4<f32>,
    @location(1) @interpolate(flat) background: vec4<f32>,
    @location(2) @interpolate(flat) border_color: vec4<f32>,
    @location(3) @interpolate(flat) border_widths: vec4<f32>,
    @location(4) @interpolate(flat) corner_radii: vec4<f32>,
    @location(5) @interpolate(flat) clip: vec4<f32>,
}

// How far the drawn quad reaches past the box on every side, in pixels. A box edge at a
// fractional position still partly covers the pixel whose centre lies just outside it; without
// this margin that pixel would never be rasterised and the anti-aliased edge would be cut.
const OUTSET: f32 = 1.0;

// Unit-square corner for vertex 0..4 of a triangle strip: (0,0), (1,0), (0,1), (1,1).
fn unit_corner(vertex_index: u32) -> vec2<f32> {
    return vec2<f32>(f32(vertex_index & 1u), f32(vertex_index >> 1u));
}

// Device pixels (origin top-left, y down) to clip space (origin centre, y up).
fn to_clip_space(p: vec2<f32>) -> vec4<f32> {
    let ndc = p / globals.viewport * vec2<f32>(2.0, -2.0) + vec2<f32>(-1.0, 1.0);
    return vec4<f32>(ndc, 0.0, 1.0);
}

@vertex
fn vs_quad(@builtin(vertex_index) vertex_index: u32, quad: QuadIn) -> VertexOut {
    let corner = unit_corner(vertex_index);
    let origin = quad.bounds.xy - vec2<f32>(OUTSET);
    let size = quad.bounds.zw + vec2<f32>(2.0 * OUTSET);
    var out: VertexOut;
    out.position = to_clip_space(origin + corner * size);
    out.bounds = quad.bounds;
    out.background = quad.background;
    out.border_color = quad.border_color;
    out.border_widths = quad.border_widths;
    out.corner_radii = quad.corner_radii;
    out.clip = quad.clip;
    return out;
}

// Signed distance from `p` to a box with rounded corners: negative inside, positive outside,
// in pixels. `half_size` is half the box's size, `p` is relative to the box centre, `radius`
// is the radius of the corner in `p`'s quadrant (already clamped to fit the box).
fn rounded_box_sdf(p: vec2<f32>, half_size: vec2<f32>, radius: f32) -> f32 {
    let q = abs(p) - half_size + vec2<f32>(radius);
    return length(max(q, vec2<f32>(0.0))) + min(max(q.x, q.y), 0.0) - radius;
}

// The radius of the corner whose quadrant holds `p` (relative to the box centre).
// `radii` is top-left, top-right, bottom-right, bottom-left; y grows downwards.
fn pick_corner_radius(p: vec2<f32>, radii: vec4<f32>) -> f32 {
    if p.x < 0.0 {
        return select(radii.w, radii.x, p.y < 0.0);
    }
    return select(radii.z, radii.y, p.y < 0.0);
}

// Coverage of the pixel centred at `p` by a shape at signed distance `d`. The band is half a
// pixel on each side of the edge: a pixel whose centre sits on the edge is half covered, one
// half a pixel inside is fully covered, one half a pixel outside is empty. For an edge
// parallel to the pixel grid that is exactly the pixel's covered area.
fn coverage(d: f32) -> f32 {
    return clamp(0.5 - d, 0.0, 1.0);
}

// Coverage of the pixel at `p` by the clip rectangle `clip` (x, y, width, height).
fn clip_coverage(p: vec2<f32>, clip: vec4<f32>) -> f32 {
    let half_size = clip.zw * 0.5;
    return coverage(rounded_box_sdf(p - clip.xy - half_size, half_size, 0.0));
}

// Straight sRGB colour to premultiplied, as the blend state expects.
fn premultiply(c: vec4<f32>) -> vec4<f32> {
    return vec4<f32>(c.rgb * c.a, c.a);
}

// sRGB transfer function, decoding (IEC 61966-2-1): only used for `linear_target`.
fn srgb_to_linear(c: vec3<f32>) -> vec3<f32> {
    let low = c / 12.92;
    let high = pow((c + vec3<f32>(0.055)) / 1.055, vec3<f32>(2.4));
    return select(high, low, c <= vec3<f32>(0.04045));
}

// Final premultiplied colour for the target: unchanged unless the target is linear.
fn to_target(c: vec4<f32>) -> vec4<f32> {
    if globals.linear_target == 0u || c.a <= 0.0 {
        return c;
    }
    return vec4<f32>(srgb_to_linear(c.rgb / c.a) * c.a, c.a);
}

@fragment
fn fs_quad(in: VertexOut) -> @location(0) vec4<f32> {
    // Pixel centre in device pixels (the rasteriser gives x + 0.5, y + 0.5).
    let p = in.position.xy;
    let clip_alpha = clip_coverage(p, in.clip);
    if clip_alpha <= 0.0 {
        discard;
    }

    // Fast path for the interior, most of a big box: a pixel at least `reach` from every
    // edge is past any corner arc (radii), past the border (widths) and past the anti-alias
    // band (the 0.5 of `coverage`, rounded up to a whole pixel), so it is plain background.
    // On software rasterisers this halves the cost of large boxes.
    let to_edges = min(p - in.bounds.xy, in.bounds.xy + in.bounds.zw - p);
    let radii = in.corner_radii;
    let widths = in.border_widths;
    let reach = max(max(radii.x, radii.y), max(radii.z, radii.w))
        + max(max(widths.x, widths.y), max(widths.z, widths.w)) + 1.0;
    if min(to_edges.x, to_edges.y) >= reach {
        return to_target(premultiply(in.background) * clip_alpha);
    }

    let half_size = in.bounds.zw * 0.5;
    let center = in.bounds.xy + half_size;
    let rel = p - center;
    // A radius larger than half the shorter side would bend the straight edges; CSS scales
    // radii down in that case, clamping is the simple approximation.
    let max_radius = min(half_size.x, half_size.y);
    let radius = clamp(pick_corner_radius(rel, in.corner_radii), 0.0, max_radius);
    let outer_alpha = coverage(rounded_box_sdf(rel, half_size, radius));
    if outer_alpha <= 0.0 {
        discard;
    }

    // CSS paints the background under the border (background-clip: border-box), so the
    // background covers the whole outer shape and the border is composited over it.
    var color = premultiply(in.background) * outer_alpha;

    let w = in.border_widths; // top, right, bottom, left
    if any(w > vec4<f32>(0.0)) {
        // The inner (padding) edge: the box inset by each side's width.
        let inner_min = in.bounds.xy + vec2<f32>(w.w, w.x);
        let inner_max = in.bounds.xy + in.bounds.zw - vec2<f32>(w.y, w.z);
        let inner_half = max((inner_max - inner_min) * 0.5, vec2<f32>(0.0));
        let inner_rel = p - (inner_min + inner_max) * 0.5;
        // The inner corner radius is the outer one less the wider adjacent border (CSS uses
        // an ellipse with one radius per side; equal widths make the two agree).
        let horizontal = select(w.y, w.w, rel.x < 0.0);
        let vertical = select(w.z, w.x, rel.y < 0.0);
        let inner_radius = clamp(
            radius - max(horizontal, vertical),
            0.0,
            min(inner_half.x, inner_half.y),
        );
        var inner_alpha = coverage(rounded_box_sdf(inner_rel, inner_half, inner_radius));
        if inner_half.x <= 0.0 || inner_half.y <= 0.0 {
            // Borders wider than the box leave no inside.
            inner_alpha = 0.0;
        }
        let border_alpha = outer_alpha * (1.0 - inner_alpha);
        let border = premultiply(in.border_color) * border_alpha;
        color = border + color * (1.0 - border.a);
    }

    return to_target(color * clip_alpha);
}
