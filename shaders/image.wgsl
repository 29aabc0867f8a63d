// `<image>`: a texture (premultiplied sRGB RGBA8, uploaded once per image) drawn into `dest`
// (local px) with texture coordinates `uv` (0..1: the source rectangle the `mode` chose),
// limited to the element's box `bounds` with its `corner_radii` (border-radius clips it)
// and to the clip. One texture per batch. (common.wgsl is prepended.)

struct ImageData {
    // Local x, y, width, height the image is stretched over.
    dest: vec4<f32>,
    // u0, v0, u1, v1 in 0..1.
    uv: vec4<f32>,
    // Local box the image may paint in, and its corner radii (tl, tr, br, bl).
    bounds: vec4<f32>,
    corner_radii: vec4<f32>,
    // x: opacity.
    params: vec4<f32>,
    clip: Clip,
    transform: Transform,
}

@group(1) @binding(0) var<storage, read> images: array<ImageData>;
@group(2) @binding(0) var image_texture: texture_2d<f32>;
@group(2) @binding(1) var image_sampler: sampler;

// The whole instance travels as flat varyings: the fragment shader reads no storage (see
// common.wgsl).
struct VertexOut {
    @builtin(position) position: vec4<f32>,
    @location(0) local: vec2<f32>,
    @location(1) @interpolate(flat) dest: vec4<f32>,
    @location(2) @interpolate(flat) uv: vec4<f32>,
    @location(3) @interpolate(flat) bounds: vec4<f32>,
    @location(4) @interpolate(flat) corner_radii: vec4<f32>,
    @location(5) @interpolate(flat) params: vec4<f32>,
    @location(6) @interpolate(flat) clip_rect: vec4<f32>,
    @location(7) @interpolate(flat) clip_rounded: vec4<f32>,
    @location(8) @interpolate(flat) clip_radii: vec4<f32>,
    @location(9) @interpolate(flat) transform_m: vec4<f32>,
    @location(10) @interpolate(flat) transform_t: vec4<f32>,
}

@vertex
fn vs_image(
    @builtin(vertex_index) vertex_index: u32,
    @builtin(instance_index) instance_index: u32,
) -> VertexOut {
    let img = images[instance_index];
    let outset = 1.0 / max(transform_scale(img.transform), 1e-3);
    let origin = img.dest.xy - vec2<f32>(outset);
    let size = img.dest.zw + vec2<f32>(2.0 * outset);
    let local = origin + unit_corner(vertex_index) * size;
    var out: VertexOut;
    out.position = to_clip_space(apply_transform(img.transform, local));
    out.local = local;
    out.dest = img.dest;
    out.uv = img.uv;
    out.bounds = img.bounds;
    out.corner_radii = img.corner_radii;
    out.params = img.params;
    out.clip_rect = img.clip.rect;
    out.clip_rounded = img.clip.rounded;
    out.clip_radii = img.clip.radii;
    out.transform_m = img.transform.m;
    out.transform_t = img.transform.t;
    return out;
}

@fragment
fn fs_image(in: VertexOut) -> @location(0) vec4<f32> {
    let img = ImageData(
        in.dest,
        in.uv,
        in.bounds,
        in.corner_radii,
        in.params,
        Clip(in.clip_rect, in.clip_rounded, in.clip_radii),
        Transform(in.transform_m, in.transform_t),
    );
    let clip_alpha = clip_coverage(in.position.xy, img.clip);
    if clip_alpha <= 0.0 {
        discard;
    }
    let p = local_position(img.transform, in.position.xy, in.local);
    let aa = transform_scale(img.transform);
    // Inside the destination rectangle (hard edge on whole pixels) and the rounded box.
    let in_dest = coverage(rect_sdf(p, img.dest, vec4<f32>(0.0)) * aa);
    let in_box = coverage(rect_sdf(p, img.bounds, img.corner_radii) * aa);
    let alpha = clip_alpha * in_dest * in_box * img.params.x;
    if alpha <= 0.0 {
        discard;
    }
    let t = clamp((p - img.dest.xy) / max(img.dest.zw, vec2<f32>(1e-3)), vec2<f32>(0.0), vec2<f32>(1.0));
    let uv = mix(img.uv.xy, img.uv.zw, t);
    let texel = textureSampleLevel(image_texture, image_sampler, uv, 0.0);
    return to_target(texel * alpha);
}
