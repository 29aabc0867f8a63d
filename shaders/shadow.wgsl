// `box-shadow`: a rounded box blurred by a Gaussian, evaluated analytically. One instance
// per `fc_paint::Shadow`. The blur along x is exact (the integral of a Gaussian over the
// row of the rounded box is a difference of two error functions); along y it is summed from
// a few samples, as zed's gpui does (zed-industries/zed
// `crates/gpui/src/platform/wgpu/shaders.wgsl`, `fs_shadow`; after Evan Wallace's
// "Fast Rounded Rectangle Shadows"). (common.wgsl is prepended.)
//
// Outer shadows are painted only outside the element's border box (`cutout`); inset ones
// only inside the padding box, as the blurred complement of their shape.

struct ShadowData {
    // The shape, local: x, y, width, height (already offset and spread).
    bounds: vec4<f32>,
    corner_radii: vec4<f32>,
    color: vec4<f32>,
    cutout: vec4<f32>,
    cutout_radii: vec4<f32>,
    // x: standard deviation of the blur (CSS blur radius / 2), y: 1 for inset.
    params: vec4<f32>,
    clip: Clip,
    transform: Transform,
}

@group(1) @binding(0) var<storage, read> shadows: array<ShadowData>;

// The whole instance travels as flat varyings: the fragment shader reads no storage (see
// common.wgsl).
struct VertexOut {
    @builtin(position) position: vec4<f32>,
    @location(0) local: vec2<f32>,
    @location(1) @interpolate(flat) bounds: vec4<f32>,
    @location(2) @interpolate(flat) corner_radii: vec4<f32>,
    @location(3) @interpolate(flat) color: vec4<f32>,
    @location(4) @interpolate(flat) cutout: vec4<f32>,
    @location(5) @interpolate(flat) cutout_radii: vec4<f32>,
    @location(6) @interpolate(flat) params: vec4<f32>,
    @location(7) @interpolate(flat) clip_rect: vec4<f32>,
    @location(8) @interpolate(flat) clip_rounded: vec4<f32>,
    @location(9) @interpolate(flat) clip_radii: vec4<f32>,
    @location(10) @interpolate(flat) transform_m: vec4<f32>,
    @location(11) @interpolate(flat) transform_t: vec4<f32>,
}

const PI: f32 = 3.14159265358979;

@vertex
fn vs_shadow(
    @builtin(vertex_index) vertex_index: u32,
    @builtin(instance_index) instance_index: u32,
) -> VertexOut {
    let s = shadows[instance_index];
    let outset = 1.0 / max(transform_scale(s.transform), 1e-3);
    var area: vec4<f32>;
    if s.params.y > 0.5 {
        // Inset: only inside the padding box.
        area = s.cutout;
    } else {
        // A Gaussian is negligible (under 0.3 %) beyond three standard deviations.
        let reach = 3.0 * s.params.x;
        area = vec4<f32>(s.bounds.xy - vec2<f32>(reach), s.bounds.zw + vec2<f32>(2.0 * reach));
    }
    let origin = area.xy - vec2<f32>(outset);
    let size = area.zw + vec2<f32>(2.0 * outset);
    let local = origin + unit_corner(vertex_index) * size;
    var out: VertexOut;
    out.position = to_clip_space(apply_transform(s.transform, local));
    out.local = local;
    out.bounds = s.bounds;
    out.corner_radii = s.corner_radii;
    out.color = s.color;
    out.cutout = s.cutout;
    out.cutout_radii = s.cutout_radii;
    out.params = s.params;
    out.clip_rect = s.clip.rect;
    out.clip_rounded = s.clip.rounded;
    out.clip_radii = s.clip.radii;
    out.transform_m = s.transform.m;
    out.transform_t = s.transform.t;
    return out;
}

// Abramowitz and Stegun 7.1.27: error function to within 5e-4, enough for 8-bit colour.
fn erf(v: vec2<f32>) -> vec2<f32> {
    let s = sign(v);
    let a = abs(v);
    let r1 = 1.0 + (0.278393 + (0.230389 + (0.000972 + 0.078108 * a) * a) * a) * a;
    let r2 = r1 * r1;
    return s - s / (r2 * r2);
}

fn gaussian(x: f32, sigma: f32) -> f32 {
    return exp(-(x * x) / (2.0 * sigma * sigma)) / (sqrt(2.0 * PI) * sigma);
}

// The blurred row: how much of the row at height `y` (relative to the centre) of the rounded
// box lies under a Gaussian centred at `x`.
fn blur_along_x(x: f32, y: f32, sigma: f32, corner: f32, half_size: vec2<f32>) -> f32 {
    let delta = min(half_size.y - corner - abs(y), 0.0);
    let curved = half_size.x - corner + sqrt(max(0.0, corner * corner - delta * delta));
    let integral = 0.5 + 0.5 * erf((x + vec2<f32>(-curved, curved)) * (sqrt(0.5) / sigma));
    return integral.y - integral.x;
}

// How much of the blurred shape covers the local point `p`.
fn shape_alpha(p: vec2<f32>, shape: vec4<f32>, radii: vec4<f32>, sigma: f32, aa: f32) -> f32 {
    if sigma < 0.05 {
        // No blur: a sharp, anti-aliased edge.
        return coverage(rect_sdf(p, shape, radii) * aa);
    }
    let half_size = shape.zw * 0.5;
    let rel = p - shape.xy - half_size;
    let corner = clamp(pick_corner_radius(rel, radii), 0.0, min(half_size.x, half_size.y));
    // The Gaussian along y is non-zero only over a limited range. zed takes four samples;
    // eight remove the faint banding that four leave inside a large inset shadow.
    let low = rel.y - half_size.y;
    let high = rel.y + half_size.y;
    let start = clamp(-3.0 * sigma, low, high);
    let end = clamp(3.0 * sigma, low, high);
    let step = (end - start) / 8.0;
    var y = start + step * 0.5;
    var alpha = 0.0;
    for (var i = 0; i < 8; i += 1) {
        alpha += blur_along_x(rel.x, rel.y - y, sigma, corner, half_size) * gaussian(y, sigma) * step;
        y += step;
    }
    return clamp(alpha, 0.0, 1.0);
}

@fragment
fn fs_shadow(in: VertexOut) -> @location(0) vec4<f32> {
    let s = ShadowData(
        in.bounds,
        in.corner_radii,
        in.color,
        in.cutout,
        in.cutout_radii,
        in.params,
        Clip(in.clip_rect, in.clip_rounded, in.clip_radii),
        Transform(in.transform_m, in.transform_t),
    );
    let clip_alpha = clip_coverage(in.position.xy, s.clip);
    if clip_alpha <= 0.0 {
        discard;
    }
    let p = local_position(s.transform, in.position.xy, in.local);
    let aa = transform_scale(s.transform);
    let in_box = coverage(rect_sdf(p, s.cutout, s.cutout_radii) * aa);
    var alpha: f32;
    if s.params.y > 0.5 {
        alpha = (1.0 - shape_alpha(p, s.bounds, s.corner_radii, s.params.x, aa)) * in_box;
    } else {
        alpha = shape_alpha(p, s.bounds, s.corner_radii, s.params.x, aa) * (1.0 - in_box);
    }
    if alpha <= 0.0 {
        discard;
    }
    return to_target(premultiply(s.color) * alpha * clip_alpha);
}
