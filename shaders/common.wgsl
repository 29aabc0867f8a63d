// Shared by every fcplayer shader (prepended to each at pipeline creation): the globals,
// the unit quad, transforms, clips, signed distances and the colour output.
//
// Software rasterisers (lavapipe, what CI and GPU-less machines draw with) run a fragment
// shader on many pixels at once and so execute both sides of every branch, and they read
// storage buffers lane by lane with bounds checks. So fragment shaders here read their
// instance from flat varyings the vertex shader fills, prefer `select` to `if`, and what
// varies per pipeline rather than per pixel is an `override` constant.
//
// Coordinates are device pixels, origin top-left, y down. Each primitive has a "local"
// space (where its box is axis-aligned) and a 2D affine transform to the target. Colours
// arrive as straight (not premultiplied) sRGB in 0..1 and are written as sRGB values,
// premultiplied, so blending happens in sRGB space as it does in browsers.

struct Globals {
    // Target size in device pixels.
    viewport: vec2<f32>,
    _pad: vec2<u32>,
}

@group(0) @binding(0) var<uniform> globals: Globals;

// A 2D affine transform: `m` = (a, b, c, d), `t` = (e, f, -, -), CSS `matrix()` order:
// x' = a x + c y + e, y' = b x + d y + f.
struct Transform {
    m: vec4<f32>,
    t: vec4<f32>,
}

// Where a primitive may paint, on the target: inside `rect` and inside the rounded
// rectangle `rounded` with corner `radii` (top-left, top-right, bottom-right, bottom-left).
struct Clip {
    rect: vec4<f32>,
    rounded: vec4<f32>,
    radii: vec4<f32>,
}

// Unit-square corner for vertex 0..4 of a triangle strip: (0,0), (1,0), (0,1), (1,1).
fn unit_corner(vertex_index: u32) -> vec2<f32> {
    return vec2<f32>(f32(vertex_index & 1u), f32(vertex_index >> 1u));
}

// Device pixels (origin top-left, y down) to clip space (origin centre, y up).
fn to_clip_space(p: vec2<f32>) -> vec4<f32> {
    let ndc = p / globals.viewport * vec2<f32>(2.0, -2.0) + vec2<f32>(-1.0, 1.0);
    return vec4<f32>(ndc, 0.0, 1.0);
}

fn apply_transform(t: Transform, p: vec2<f32>) -> vec2<f32> {
    return vec2<f32>(t.m.x * p.x + t.m.z * p.y, t.m.y * p.x + t.m.w * p.y) + t.t.xy;
}

// Only a translation: the local position of a pixel is then exactly its centre minus the
// offset, with no interpolation error, so untransformed boxes draw bit-for-bit as before
// transforms existed.
fn is_translation(t: Transform) -> bool {
    return all(t.m == vec4<f32>(1.0, 0.0, 0.0, 1.0));
}

// How many target pixels one local pixel spans (the geometric mean of the axes' scales):
// distances in local pixels are multiplied by it so the anti-alias band stays one target
// pixel wide under `scale()`.
fn transform_scale(t: Transform) -> f32 {
    return sqrt(abs(t.m.x * t.m.w - t.m.y * t.m.z));
}

// The local position of the pixel centre `screen`, given the interpolated `local` one.
fn local_position(t: Transform, screen: vec2<f32>, local: vec2<f32>) -> vec2<f32> {
    if is_translation(t) {
        return screen - t.t.xy;
    }
    return local;
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
    let left = select(radii.w, radii.x, p.y < 0.0);
    let right = select(radii.z, radii.y, p.y < 0.0);
    return select(right, left, p.x < 0.0);
}

// Signed distance from `p` to the rounded rectangle `rect` (x, y, w, h) with `radii`.
fn rect_sdf(p: vec2<f32>, rect: vec4<f32>, radii: vec4<f32>) -> f32 {
    let half_size = rect.zw * 0.5;
    let rel = p - rect.xy - half_size;
    let radius = clamp(pick_corner_radius(rel, radii), 0.0, min(half_size.x, half_size.y));
    return rounded_box_sdf(rel, half_size, radius);
}

// Coverage of the pixel centred at `p` by a shape at signed distance `d`. The band is half a
// pixel on each side of the edge: a pixel whose centre sits on the edge is half covered, one
// half a pixel inside is fully covered, one half a pixel outside is empty. For an edge
// parallel to the pixel grid that is exactly the pixel's covered area.
fn coverage(d: f32) -> f32 {
    return clamp(0.5 - d, 0.0, 1.0);
}

// Coverage of the target pixel centred at `p` by a clip: a clip edge on a pixel boundary
// keeps whole pixels, a fractional one keeps the covered fraction of its edge pixel.
fn clip_coverage(p: vec2<f32>, clip: Clip) -> f32 {
    let half_size = clip.rect.zw * 0.5;
    let in_rect = coverage(rounded_box_sdf(p - clip.rect.xy - half_size, half_size, 0.0));
    if all(clip.radii == vec4<f32>(0.0)) {
        return in_rect;
    }
    return in_rect * coverage(rect_sdf(p, clip.rounded, clip.radii));
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

// Whether the target stores linear values (an sRGB surface format that could not be viewed
// as non-sRGB): the shaders then decode their sRGB colours so the hardware's encode gives
// them back. False in the usual case. A pipeline
// constant rather than a uniform: a software rasteriser runs both sides of a branch, and the
// sRGB decode's `pow` would cost every pixel of every frame.
override LINEAR_TARGET: bool = false;

// Final premultiplied colour for the target: unchanged unless the target is linear.
fn to_target(c: vec4<f32>) -> vec4<f32> {
    if !LINEAR_TARGET || c.a <= 0.0 {
        return c;
    }
    return vec4<f32>(srgb_to_linear(c.rgb / c.a) * c.a, c.a);
}
