// Rounded rectangles with per-corner radii and per-side border widths, colours and styles
// (solid, dashed, dotted): backgrounds, borders, buttons, overlays. One instance per
// `fc_paint::Quad`, read from a storage buffer by `instance_index`; the vertex shader expands
// a unit quad (triangle strip, 4 vertices) over the box and maps it through the box's
// transform, the fragment shader decides coverage with signed distance functions, so edges
// and corners are anti-aliased without MSAA. (common.wgsl is prepended.)

struct QuadData {
    // Local x, y, width, height.
    bounds: vec4<f32>,
    background: vec4<f32>,
    // top, right, bottom, left.
    border_colors: array<vec4<f32>, 4>,
    // top, right, bottom, left.
    border_widths: vec4<f32>,
    // top-left, top-right, bottom-right, bottom-left.
    corner_radii: vec4<f32>,
    // top, right, bottom, left: STYLE_* values.
    border_styles: vec4<u32>,
    clip: Clip,
    transform: Transform,
}

const STYLE_SOLID: u32 = 0u;
const STYLE_DASHED: u32 = 1u;
const STYLE_DOTTED: u32 = 2u;

@group(1) @binding(0) var<storage, read> quads: array<QuadData>;

// Whether this pipeline draws dashed and dotted sides (a variant of its own: most borders
// are solid, and the dash code would cost every pixel; see common.wgsl).
override DASHES: bool = true;

// The whole instance travels as flat varyings: the fragment shader reads no storage.
struct VertexOut {
    @builtin(position) position: vec4<f32>,
    @location(0) local: vec2<f32>,
    @location(1) @interpolate(flat) bounds: vec4<f32>,
    @location(2) @interpolate(flat) background: vec4<f32>,
    @location(3) @interpolate(flat) border_top: vec4<f32>,
    @location(4) @interpolate(flat) border_right: vec4<f32>,
    @location(5) @interpolate(flat) border_bottom: vec4<f32>,
    @location(6) @interpolate(flat) border_left: vec4<f32>,
    @location(7) @interpolate(flat) border_widths: vec4<f32>,
    @location(8) @interpolate(flat) corner_radii: vec4<f32>,
    @location(9) @interpolate(flat) border_styles: vec4<u32>,
    @location(10) @interpolate(flat) clip_rect: vec4<f32>,
    @location(11) @interpolate(flat) clip_rounded: vec4<f32>,
    @location(12) @interpolate(flat) clip_radii: vec4<f32>,
    @location(13) @interpolate(flat) transform_m: vec4<f32>,
    @location(14) @interpolate(flat) transform_t: vec4<f32>,
}

// How far the drawn quad reaches past the box on every side, in target pixels. A box edge at
// a fractional position still partly covers the pixel whose centre lies just outside it;
// without this margin that pixel would never be rasterised and the anti-aliased edge would
// be cut.
const OUTSET: f32 = 1.0;

@vertex
fn vs_quad(
    @builtin(vertex_index) vertex_index: u32,
    @builtin(instance_index) instance_index: u32,
) -> VertexOut {
    let quad = quads[instance_index];
    // One target pixel in local pixels (more when the box is scaled down).
    let outset = OUTSET / max(transform_scale(quad.transform), 1e-3);
    let origin = quad.bounds.xy - vec2<f32>(outset);
    let size = quad.bounds.zw + vec2<f32>(2.0 * outset);
    let local = origin + unit_corner(vertex_index) * size;
    var out: VertexOut;
    out.position = to_clip_space(apply_transform(quad.transform, local));
    out.local = local;
    out.bounds = quad.bounds;
    out.background = quad.background;
    out.border_top = quad.border_colors[0];
    out.border_right = quad.border_colors[1];
    out.border_bottom = quad.border_colors[2];
    out.border_left = quad.border_colors[3];
    out.border_widths = quad.border_widths;
    out.corner_radii = quad.corner_radii;
    out.border_styles = quad.border_styles;
    out.clip_rect = quad.clip.rect;
    out.clip_rounded = quad.clip.rounded;
    out.clip_radii = quad.clip.radii;
    out.transform_m = quad.transform.m;
    out.transform_t = quad.transform.t;
    return out;
}

// How much of a dashed or dotted side covers the point `along` its length (0..`len`) and
// `across` it (distance from the outer edge), for a side `width` wide. Dash and gap lengths
// follow Chromium (`StrokeData`): dashes 3 widths long with gaps of 2 for thin borders, 2
// and 1 from 3 px up; dots as long as the border is wide, gaps the same. The gap is then
// stretched or shrunk so the side starts and ends with a whole dash (`SelectBestDashGap`).
fn dash_mask(style: u32, along: f32, across: f32, len: f32, width: f32, aa: f32) -> f32 {
    if !DASHES || style == STYLE_SOLID || width <= 0.0 {
        return 1.0;
    }
    var dash = width;
    var gap = width;
    if style == STYLE_DASHED {
        dash = select(3.0 * width, 2.0 * width, width >= 3.0);
        gap = select(2.0 * width, width, width >= 3.0);
    }
    let available = len + gap;
    let n_min = max(floor(available / (dash + gap)), 1.0);
    let gap_min = available / n_min - dash;
    let gap_max = available / (n_min + 1.0) - dash;
    var best = gap_min;
    if gap_max >= 0.0 && abs(gap_max - gap) < abs(gap_min - gap) {
        best = gap_max;
    }
    let period = dash + max(best, 0.0);
    let u = along - floor(along / period) * period;
    if style == STYLE_DOTTED {
        // Distance to the nearest dot centre along the side (this period's or the next's).
        let to_centre = min(abs(u - dash * 0.5), abs(period + dash * 0.5 - u));
        let d = length(vec2<f32>(to_centre, across - width * 0.5)) - width * 0.5;
        return coverage(d * aa);
    }
    // Signed distance to this period's dash [0, dash] or the next one's.
    let d = min(max(-u, u - dash), max(period - u, u - period - dash));
    return coverage(d * aa);
}

@fragment
fn fs_quad(in: VertexOut) -> @location(0) vec4<f32> {
    let transform = Transform(in.transform_m, in.transform_t);
    // Pixel centre on the target (the rasteriser gives x + 0.5, y + 0.5).
    let clip_alpha = clip_coverage(
        in.position.xy,
        Clip(in.clip_rect, in.clip_rounded, in.clip_radii),
    );
    if clip_alpha <= 0.0 {
        discard;
    }
    let p = local_position(transform, in.position.xy, in.local);
    let aa = transform_scale(transform);
    let bounds = in.bounds;

    // Fast path for the interior, most of a big box: a pixel at least `reach` from every
    // edge is past any corner arc (radii), past the border (widths) and past the anti-alias
    // band (the 0.5 of `coverage`, rounded up to a whole pixel), so it is plain background.
    // On software rasterisers this halves the cost of large boxes.
    let to_edges = min(p - bounds.xy, bounds.xy + bounds.zw - p);
    let radii = in.corner_radii;
    let w = in.border_widths; // top, right, bottom, left
    let reach = max(max(radii.x, radii.y), max(radii.z, radii.w))
        + max(max(w.x, w.y), max(w.z, w.w)) + 1.0 / max(aa, 1e-3);
    if min(to_edges.x, to_edges.y) >= reach {
        return to_target(premultiply(in.background) * clip_alpha);
    }

    let half_size = bounds.zw * 0.5;
    let center = bounds.xy + half_size;
    let rel = p - center;
    // Radii arrive scaled to fit the box (fc-paint does CSS's scaling); the clamp guards
    // against a radius larger than half the shorter side bending the straight edges.
    let max_radius = min(half_size.x, half_size.y);
    let radius = clamp(pick_corner_radius(rel, radii), 0.0, max_radius);
    let outer_alpha = coverage(rounded_box_sdf(rel, half_size, radius) * aa);
    if outer_alpha <= 0.0 {
        discard;
    }

    // CSS paints the background under the border (background-clip: border-box), so the
    // background covers the whole outer shape and the border is composited over it.
    var color = premultiply(in.background) * outer_alpha;

    if any(w > vec4<f32>(0.0)) {
        // The inner (padding) edge: the box inset by each side's width.
        let inner_min = bounds.xy + vec2<f32>(w.w, w.x);
        let inner_max = bounds.xy + bounds.zw - vec2<f32>(w.y, w.z);
        let inner_half = max((inner_max - inner_min) * 0.5, vec2<f32>(0.0));
        let inner_rel = p - (inner_min + inner_max) * 0.5;
        let left = rel.x < 0.0;
        let top = rel.y < 0.0;
        // The sides meeting in this pixel's quadrant: a horizontal one (left or right, its
        // width measured along x) and a vertical one (top or bottom).
        let h_width = select(w.y, w.w, left);
        let v_width = select(w.z, w.x, top);
        let h_color = select(in.border_right, in.border_left, left);
        let v_color = select(in.border_bottom, in.border_top, top);
        let h_style = select(in.border_styles.y, in.border_styles.w, left);
        let v_style = select(in.border_styles.z, in.border_styles.x, top);
        // The inner corner radius is the outer one less the wider adjacent border (CSS uses
        // an ellipse with one radius per side; equal widths make the two agree).
        let inner_radius = clamp(
            radius - max(h_width, v_width),
            0.0,
            min(inner_half.x, inner_half.y),
        );
        var inner_alpha = coverage(rounded_box_sdf(inner_rel, inner_half, inner_radius) * aa);
        if inner_half.x <= 0.0 || inner_half.y <= 0.0 {
            // Borders wider than the box leave no inside.
            inner_alpha = 0.0;
        }
        let border_alpha = outer_alpha * (1.0 - inner_alpha);

        // Distances from the two outer edges of this quadrant (for the corner split).
        let dx = select(bounds.x + bounds.z - p.x, p.x - bounds.x, left);
        let dy = select(bounds.y + bounds.w - p.y, p.y - bounds.y, top);
        // Which side owns the pixel: CSS splits a corner along the line from the outer
        // corner to the inner one. `v_weight` is 1 on the vertical side's part, with a
        // one-pixel blend across the line; a side without width never owns anything.
        let diagonal = length(vec2<f32>(h_width, v_width));
        var v_weight = 0.5;
        if diagonal > 0.0 {
            v_weight = clamp(0.5 + (dx * v_width - dy * h_width) / diagonal * aa, 0.0, 1.0);
        }
        if h_width <= 0.0 {
            v_weight = 1.0;
        }
        if v_width <= 0.0 {
            v_weight = 0.0;
        }
        // Positions along each side, from its start (dashes are symmetric, so the
        // direction does not matter).
        // Across the border: the distance inside the outer edge, which follows the corner's
        // curve, so dots stay centred in a rounded border's band.
        let inside = -rounded_box_sdf(rel, half_size, radius);
        let v_mask = dash_mask(v_style, p.x - bounds.x, inside, bounds.z, v_width, aa);
        let h_mask = dash_mask(h_style, p.y - bounds.y, inside, bounds.w, h_width, aa);
        let border = (premultiply(v_color) * (v_weight * v_mask)
            + premultiply(h_color) * ((1.0 - v_weight) * h_mask))
            * border_alpha;
        color = border + color * (1.0 - border.a);
    }

    return to_target(color * clip_alpha);
}
