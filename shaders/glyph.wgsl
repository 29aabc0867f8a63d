// Text glyphs: one instance per `fc_paint::Glyph`, its rasterised image already in an atlas.
// The vertex shader expands a unit quad (triangle strip, 4 vertices) over the glyph's image,
// which lands on whole device pixels; the fragment shader reads the atlas texel under each
// pixel 1:1 with `textureLoad`, so no sampler and no filtering blur are involved.
//
// Two atlases: `mask_atlas` (R8, coverage of ordinary glyphs, tinted by the glyph colour) and
// `color_atlas` (RGBA8, premultiplied, colour glyphs such as emoji, only faded by the colour's
// alpha). Colours are straight sRGB in 0..1 and are written as premultiplied sRGB values, so
// blending happens in sRGB space as it does in browsers.

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
@group(1) @binding(0) var mask_atlas: texture_2d<f32>;
@group(1) @binding(1) var color_atlas: texture_2d<f32>;

// `GlyphInstance::kind` values (see atlas.rs).
const KIND_MASK: u32 = 0u;
const KIND_COLOR: u32 = 1u;

struct GlyphIn {
    // Image rectangle in device pixels: x, y (top-left), width, height.
    @location(0) rect: vec4<f32>,
    // Top-left texel of the image in its atlas.
    @location(1) atlas_origin: vec2<u32>,
    // KIND_MASK or KIND_COLOR: which atlas holds the image.
    @location(2) kind: u32,
    @location(3) color: vec4<f32>,
    // Clip rectangle: x, y, width, height.
    @location(4) clip: vec4<f32>,
}

struct VertexOut {
    @builtin(position) position: vec4<f32>,
    @location(0) @interpolate(flat) rect: vec4<f32>,
    @location(1) @interpolate(flat) atlas_origin: vec2<u32>,
    @location(2) @interpolate(flat) kind: u32,
    @location(3) @interpolate(flat) color: vec4<f32>,
    @location(4) @interpolate(flat) clip: vec4<f32>,
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

@vertex
fn vs_glyph(@builtin(vertex_index) vertex_index: u32, glyph: GlyphIn) -> VertexOut {
    var out: VertexOut;
    out.position = to_clip_space(glyph.rect.xy + unit_corner(vertex_index) * glyph.rect.zw);
    out.rect = glyph.rect;
    out.atlas_origin = glyph.atlas_origin;
    out.kind = glyph.kind;
    out.color = glyph.color;
    out.clip = glyph.clip;
    return out;
}

// Coverage of the pixel centred at `p` by the clip rectangle (x, y, width, height), with the
// same half-pixel anti-alias band as quad.wgsl: a clip edge on a pixel boundary keeps whole
// pixels, a fractional one keeps the covered fraction of its edge pixel.
fn clip_coverage(p: vec2<f32>, clip: vec4<f32>) -> f32 {
    let half_size = clip.zw * 0.5;
    let q = abs(p - clip.xy - half_size) - half_size;
    let d = length(max(q, vec2<f32>(0.0))) + min(max(q.x, q.y), 0.0);
    return clamp(0.5 - d, 0.0, 1.0);
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
fn fs_glyph(in: VertexOut) -> @location(0) vec4<f32> {
    // Pixel centre in device pixels (the rasteriser gives x + 0.5, y + 0.5).
    let p = in.position.xy;
    let clip_alpha = clip_coverage(p, in.clip);
    if clip_alpha <= 0.0 {
        discard;
    }
    // The texel under this pixel. The image is placed on whole pixels, so `p - rect.xy` is
    // n + 0.5; the clamp keeps a rounding slip at the far edge inside this glyph's image.
    let local = clamp(floor(p - in.rect.xy), vec2<f32>(0.0), in.rect.zw - vec2<f32>(1.0));
    let texel = in.atlas_origin + vec2<u32>(local);

    var color: vec4<f32>;
    if in.kind == KIND_COLOR {
        // Already premultiplied; the glyph colour only fades it.
        color = textureLoad(color_atlas, texel, 0) * in.color.a;
    } else {
        let cov = textureLoad(mask_atlas, texel, 0).r;
        color = vec4<f32>(in.color.rgb * in.color.a, in.color.a) * cov;
    }
    return to_target(color * clip_alpha);
}
