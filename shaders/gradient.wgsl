// `linear-gradient` background layers. One instance per `fc_paint::Gradient`: the quad
// covers the painting area (the border box, with its rounded corners); each pixel finds its
// place in the repeated tile, projects onto the gradient line and interpolates between the
// two colour stops around it, in premultiplied sRGB as browsers do (CSS Images 3, § 3.5.3).
// (common.wgsl is prepended.)

// Must match `fc_paint::MAX_GRADIENT_STOPS`.
const MAX_STOPS: u32 = 8u;

struct GradientData {
    // Painting area, local: x, y, width, height.
    bounds: vec4<f32>,
    corner_radii: vec4<f32>,
    // The first tile: x, y, width, height.
    tile: vec4<f32>,
    // Gradient line start (xy) and end (zw), relative to the tile's origin.
    line: vec4<f32>,
    // x: repeat along x, y: repeat along y, z: repeating stops, w: stop count.
    flags: vec4<u32>,
    // Stop offsets, four per vector.
    offsets: array<vec4<f32>, 2>,
    // Straight sRGB.
    colors: array<vec4<f32>, 8>,
    clip: Clip,
    transform: Transform,
}

@group(1) @binding(0) var<storage, read> gradients: array<GradientData>;

struct VertexOut {
    @builtin(position) position: vec4<f32>,
    @location(0) local: vec2<f32>,
    @location(1) @interpolate(flat) instance: u32,
}

@vertex
fn vs_gradient(
    @builtin(vertex_index) vertex_index: u32,
    @builtin(instance_index) instance_index: u32,
) -> VertexOut {
    let g = gradients[instance_index];
    // One target pixel of margin for the anti-aliased edge, as in quad.wgsl.
    let outset = 1.0 / max(transform_scale(g.transform), 1e-3);
    let origin = g.bounds.xy - vec2<f32>(outset);
    let size = g.bounds.zw + vec2<f32>(2.0 * outset);
    let local = origin + unit_corner(vertex_index) * size;
    var out: VertexOut;
    out.position = to_clip_space(apply_transform(g.transform, local));
    out.local = local;
    out.instance = instance_index;
    return out;
}

fn stop_offset(i: u32, instance: u32) -> f32 {
    return gradients[instance].offsets[i / 4u][i % 4u];
}

fn stop_color(i: u32, instance: u32) -> vec4<f32> {
    return premultiply(gradients[instance].colors[i]);
}

@fragment
fn fs_gradient(in: VertexOut) -> @location(0) vec4<f32> {
    let g = gradients[in.instance];
    let clip_alpha = clip_coverage(in.position.xy, g.clip);
    if clip_alpha <= 0.0 {
        discard;
    }
    let p = local_position(g.transform, in.position.xy, in.local);
    let aa = transform_scale(g.transform);
    let shape_alpha = coverage(rect_sdf(p, g.bounds, g.corner_radii) * aa);
    if shape_alpha <= 0.0 {
        discard;
    }
    // Where in the tile: wrapped along repeating axes, outside the one tile otherwise.
    var q = p - g.tile.xy;
    if g.flags.x != 0u {
        q.x = q.x - floor(q.x / g.tile.z) * g.tile.z;
    } else if q.x < 0.0 || q.x >= g.tile.z {
        discard;
    }
    if g.flags.y != 0u {
        q.y = q.y - floor(q.y / g.tile.w) * g.tile.w;
    } else if q.y < 0.0 || q.y >= g.tile.w {
        discard;
    }
    let dir = g.line.zw - g.line.xy;
    let len2 = max(dot(dir, dir), 1e-6);
    var t = dot(q - g.line.xy, dir) / len2;

    let count = min(g.flags.w, MAX_STOPS);
    if count == 0u {
        discard;
    }
    let first = stop_offset(0u, in.instance);
    let last = stop_offset(count - 1u, in.instance);
    if g.flags.z != 0u && last > first {
        t = first + (t - first) - floor((t - first) / (last - first)) * (last - first);
    }
    var color = stop_color(0u, in.instance);
    if t >= last {
        color = stop_color(count - 1u, in.instance);
    } else if t > first {
        for (var i = 1u; i < count; i += 1u) {
            let o1 = stop_offset(i, in.instance);
            if t <= o1 {
                let o0 = stop_offset(i - 1u, in.instance);
                let f = select(1.0, (t - o0) / (o1 - o0), o1 > o0);
                color = mix(stop_color(i - 1u, in.instance), stop_color(i, in.instance), f);
                break;
            }
        }
    }
    return to_target(color * shape_alpha * clip_alpha);
}
