// Opacity groups: a layer (a texture the size of the target, holding the group's items
// drawn as they would be on the target, premultiplied) composited onto its parent with the
// group's opacity. One instance per `PopLayer`; the quad covers the bounding box of what the
// layer holds. The layer is read 1:1 with `textureLoad`, so no sampler or filtering is
// involved. (common.wgsl is prepended.)

struct CompositeData {
    // Target pixels: x, y, width, height.
    bounds: vec4<f32>,
    // x: opacity.
    params: vec4<f32>,
}

@group(1) @binding(0) var<storage, read> composites: array<CompositeData>;
@group(2) @binding(0) var layer: texture_2d<f32>;

struct VertexOut {
    @builtin(position) position: vec4<f32>,
    // The opacity, as a flat varying: the fragment shader reads no storage (common.wgsl).
    @location(0) @interpolate(flat) opacity: f32,
}

@vertex
fn vs_composite(
    @builtin(vertex_index) vertex_index: u32,
    @builtin(instance_index) instance_index: u32,
) -> VertexOut {
    let c = composites[instance_index];
    var out: VertexOut;
    out.position = to_clip_space(c.bounds.xy + unit_corner(vertex_index) * c.bounds.zw);
    out.opacity = c.params.x;
    return out;
}

@fragment
fn fs_composite(in: VertexOut) -> @location(0) vec4<f32> {
    // Already in the target's encoding (to_target ran when the layer was drawn).
    return textureLoad(layer, vec2<i32>(in.position.xy), 0) * in.opacity;
}
