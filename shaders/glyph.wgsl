// Text glyphs: one instance per `fc_paint::Glyph`, its rasterised image already in an atlas.
// The vertex shader expands a unit quad (triangle strip, 4 vertices) over the glyph's image,
// which lands on whole device pixels before the glyph's transform. Untransformed or only
// translated glyphs read the atlas texel under each pixel 1:1 with `textureLoad`, so no
// sampler and no filtering blur are involved; rotated or scaled ones are filtered bilinearly
// from four texels (the image is not rasterised again at the new size).
//
// Two atlases: `mask_atlas` (R8, coverage of ordinary glyphs, tinted by the glyph colour) and
// `color_atlas` (RGBA8, premultiplied, colour glyphs such as emoji, only faded by the colour's
// alpha). (common.wgsl is prepended.)

struct GlyphData {
    // Image rectangle in local device pixels: x, y (top-left), width, height.
    rect: vec4<f32>,
    // xy: top-left texel of the image in its atlas; z: KIND_MASK or KIND_COLOR.
    atlas: vec4<u32>,
    color: vec4<f32>,
    clip: Clip,
    transform: Transform,
}

@group(1) @binding(0) var mask_atlas: texture_2d<f32>;
@group(1) @binding(1) var color_atlas: texture_2d<f32>;
@group(2) @binding(0) var<storage, read> glyphs: array<GlyphData>;

// `GlyphKind` values (see atlas.rs).
const KIND_MASK: u32 = 0u;
const KIND_COLOR: u32 = 1u;

// Whether this pipeline draws glyphs under a transform other than a translation (filtered
// bilinearly from four texels): a variant of its own, so ordinary text pays for one texel
// (see common.wgsl on branches).
override FILTERED: bool = false;

// The whole instance travels as flat varyings: the fragment shader reads no storage.
struct VertexOut {
    @builtin(position) position: vec4<f32>,
    @location(0) local: vec2<f32>,
    @location(1) @interpolate(flat) rect: vec4<f32>,
    @location(2) @interpolate(flat) atlas: vec4<u32>,
    @location(3) @interpolate(flat) color: vec4<f32>,
    @location(4) @interpolate(flat) clip_rect: vec4<f32>,
    @location(5) @interpolate(flat) clip_rounded: vec4<f32>,
    @location(6) @interpolate(flat) clip_radii: vec4<f32>,
    @location(7) @interpolate(flat) transform_m: vec4<f32>,
    @location(8) @interpolate(flat) transform_t: vec4<f32>,
}

@vertex
fn vs_glyph(
    @builtin(vertex_index) vertex_index: u32,
    @builtin(instance_index) instance_index: u32,
) -> VertexOut {
    let g = glyphs[instance_index];
    // Transformed glyphs get a pixel of margin for the filtered edge.
    let outset = select(1.0, 0.0, is_translation(g.transform));
    let local = g.rect.xy - vec2<f32>(outset)
        + unit_corner(vertex_index) * (g.rect.zw + vec2<f32>(2.0 * outset));
    var out: VertexOut;
    out.position = to_clip_space(apply_transform(g.transform, local));
    out.local = local;
    out.rect = g.rect;
    out.atlas = g.atlas;
    out.color = g.color;
    out.clip_rect = g.clip.rect;
    out.clip_rounded = g.clip.rounded;
    out.clip_radii = g.clip.radii;
    out.transform_m = g.transform.m;
    out.transform_t = g.transform.t;
    return out;
}

// The premultiplied colour of texel `t` (relative to the image's top-left) of glyph `g`;
// transparent outside the image.
fn texel(g: GlyphData, t: vec2<i32>) -> vec4<f32> {
    let size = vec2<i32>(g.rect.zw);
    if any(t < vec2<i32>(0)) || any(t >= size) {
        return vec4<f32>(0.0);
    }
    let at = vec2<i32>(g.atlas.xy) + t;
    if g.atlas.z == KIND_COLOR {
        // Already premultiplied; the glyph colour only fades it.
        return textureLoad(color_atlas, at, 0) * g.color.a;
    }
    let cov = textureLoad(mask_atlas, at, 0).r;
    return vec4<f32>(g.color.rgb * g.color.a, g.color.a) * cov;
}

@fragment
fn fs_glyph(in: VertexOut) -> @location(0) vec4<f32> {
    let clip = Clip(in.clip_rect, in.clip_rounded, in.clip_radii);
    let g = GlyphData(in.rect, in.atlas, in.color, clip, Transform(in.transform_m, in.transform_t));
    // Pixel centre on the target (the rasteriser gives x + 0.5, y + 0.5).
    let clip_alpha = clip_coverage(in.position.xy, g.clip);
    if clip_alpha <= 0.0 {
        discard;
    }
    var color: vec4<f32>;
    if !FILTERED {
        // The image is placed on whole pixels, so `p - rect.xy` is n + 0.5; the clamp keeps
        // a rounding slip at the far edge inside this glyph's image.
        let p = in.position.xy - g.transform.t.xy;
        let local = clamp(floor(p - g.rect.xy), vec2<f32>(0.0), g.rect.zw - vec2<f32>(1.0));
        color = texel(g, vec2<i32>(local));
    } else {
        // Bilinear: texel centres sit at n + 0.5.
        let f = in.local - g.rect.xy - vec2<f32>(0.5);
        let base = floor(f);
        let w = f - base;
        let b = vec2<i32>(base);
        let top = mix(texel(g, b), texel(g, b + vec2<i32>(1, 0)), w.x);
        let bottom = mix(texel(g, b + vec2<i32>(0, 1)), texel(g, b + vec2<i32>(1, 1)), w.x);
        color = mix(top, bottom, w.y);
    }
    return to_target(color * clip_alpha);
}
