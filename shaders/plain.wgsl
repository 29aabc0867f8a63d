// Plain boxes: a solid fill, square corners, no border, no transform but a translation, no
// rounded clip: most backgrounds. They are the bulk of every page, and on a software
// rasteriser a fragment costs every instruction of its shader whether a branch is taken or
// not, so they get this shader of a few instructions instead of quad.wgsl. The vertex shader
// hands the fragment shader everything as flat varyings, so no fragment reads storage.
// Coverage is computed with quad.wgsl's formulas, so a plain box draws the same pixels either
// way. (common.wgsl is prepended.)
//
// With SOLID, the box (its clip applied already) lies on whole pixels: every pixel it
// touches is covered, so the fragment is its colour and nothing else.

override SOLID: bool = false;

struct PlainData {
    // Target x, y, width, height (translation applied).
    bounds: vec4<f32>,
    // Premultiplied colour.
    color: vec4<f32>,
    // Clip rectangle on the target.
    clip: vec4<f32>,
}

@group(1) @binding(0) var<storage, read> plains: array<PlainData>;

struct PlainOut {
    @builtin(position) position: vec4<f32>,
    @location(0) @interpolate(flat) bounds: vec4<f32>,
    @location(1) @interpolate(flat) color: vec4<f32>,
    @location(2) @interpolate(flat) clip: vec4<f32>,
}

@vertex
fn vs_plain(
    @builtin(vertex_index) vertex_index: u32,
    @builtin(instance_index) instance_index: u32,
) -> PlainOut {
    let d = plains[instance_index];
    // One pixel of margin, as quad.wgsl's OUTSET, for fractional edges.
    let margin = select(1.0, 0.0, SOLID);
    let origin = d.bounds.xy - vec2<f32>(margin);
    let size = d.bounds.zw + vec2<f32>(2.0 * margin);
    var out: PlainOut;
    out.position = to_clip_space(origin + unit_corner(vertex_index) * size);
    out.bounds = d.bounds;
    out.color = d.color;
    out.clip = d.clip;
    return out;
}

@fragment
fn fs_plain(in: PlainOut) -> @location(0) vec4<f32> {
    if SOLID {
        return to_target(in.color);
    }
    let p = in.position.xy;
    let half_size = in.bounds.zw * 0.5;
    let inside = coverage(rounded_box_sdf(p - in.bounds.xy - half_size, half_size, 0.0));
    let clip_half = in.clip.zw * 0.5;
    let clip = coverage(rounded_box_sdf(p - in.clip.xy - clip_half, clip_half, 0.0));
    return to_target(in.color * (inside * clip));
}
