//! The render pipelines (one per primitive kind) and the bind group layouts they share.
//!
//! Every pipeline draws a 4-vertex triangle strip per instance and reads its instance from
//! a storage buffer by `instance_index` (zed's gpui does the same): no vertex buffers, so
//! instance records can be as large as a gradient's stops without running into vertex
//! attribute limits. All blend premultiplied colour "over" the target.
//!
//! Bind groups: 0 = globals; 1 = the kind's instances (the glyph pipeline has its atlas at 1
//! and its instances at 2); the composite pipeline has its layer texture at 2.

use bytemuck::{Pod, Zeroable};

/// `Globals` in the shaders (group 0, binding 0).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct Globals {
    /// Target size in device pixels.
    pub viewport: [f32; 2],
    pub _pad: [u32; 2],
}

pub(crate) struct Pipelines {
    /// Solid boxes without corners, borders or transforms (`plain.wgsl`).
    pub plain: wgpu::RenderPipeline,
    /// Plain boxes on whole pixels, their clip applied (`plain.wgsl` with `SOLID`).
    pub solid: wgpu::RenderPipeline,
    /// Quads whose sides are all solid (or absent).
    pub quad: wgpu::RenderPipeline,
    /// Quads with a dashed or dotted side.
    pub quad_dashed: wgpu::RenderPipeline,
    pub shadow: wgpu::RenderPipeline,
    pub gradient: wgpu::RenderPipeline,
    /// Glyphs at most translated (one texel per pixel).
    pub glyph: wgpu::RenderPipeline,
    /// Glyphs under other transforms (filtered).
    pub glyph_filtered: wgpu::RenderPipeline,
    pub composite: wgpu::RenderPipeline,
    pub globals_buffer: wgpu::Buffer,
    pub globals_bind_group: wgpu::BindGroup,
    /// One read-only storage buffer of instances.
    pub instances_layout: wgpu::BindGroupLayout,
    /// One layer texture, read with `textureLoad`.
    pub layer_layout: wgpu::BindGroupLayout,
    /// `<image>`: instances at group 1, the image's texture and sampler at group 2.
    pub image: wgpu::RenderPipeline,
    pub image_layout: wgpu::BindGroupLayout,
}

/// Shared WGSL, prepended to every shader.
const COMMON: &str = include_str!("../../../shaders/common.wgsl");

impl Pipelines {
    /// Pipelines drawing into targets of `format`; `atlas_layout` is the glyph atlas's
    /// bind group layout (group 1 of the glyph pipeline). `linear_target`: the target
    /// stores linear values and the shaders must decode sRGB (see `Renderer::for_window`).
    pub fn new(
        device: &wgpu::Device,
        format: wgpu::TextureFormat,
        atlas_layout: &wgpu::BindGroupLayout,
        linear_target: bool,
    ) -> Self {
        let globals_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("fc-gpu globals"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
                ty: wgpu::BindingType::Buffer {
                    ty: wgpu::BufferBindingType::Uniform,
                    has_dynamic_offset: false,
                    min_binding_size: wgpu::BufferSize::new(size_of::<Globals>() as u64),
                },
                count: None,
            }],
        });
        let instances_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("fc-gpu instances"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::VERTEX_FRAGMENT,
                ty: wgpu::BindingType::Buffer {
                    ty: wgpu::BufferBindingType::Storage { read_only: true },
                    has_dynamic_offset: false,
                    min_binding_size: None,
                },
                count: None,
            }],
        });
        let layer_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("fc-gpu layer"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::FRAGMENT,
                ty: wgpu::BindingType::Texture {
                    sample_type: wgpu::TextureSampleType::Float { filterable: false },
                    view_dimension: wgpu::TextureViewDimension::D2,
                    multisampled: false,
                },
                count: None,
            }],
        });
        let globals_buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("fc-gpu globals"),
            size: size_of::<Globals>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let globals_bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("fc-gpu globals"),
            layout: &globals_layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: globals_buffer.as_entire_binding(),
            }],
        });

        let make_with = |name: &str,
                         label: &str,
                         source: &str,
                         groups: &[&wgpu::BindGroupLayout],
                         extra: &[(&str, f64)]| {
            let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
                label: Some(label),
                source: wgpu::ShaderSource::Wgsl(format!("{COMMON}\n{source}").into()),
            });
            let layouts: Vec<Option<&wgpu::BindGroupLayout>> =
                groups.iter().map(|g| Some(*g)).collect();
            let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: Some(name),
                bind_group_layouts: &layouts,
                immediate_size: 0,
            });
            let mut constants = vec![("LINEAR_TARGET", if linear_target { 1.0 } else { 0.0 })];
            constants.extend_from_slice(extra);
            create_pipeline(device, name, label, &layout, &module, format, &constants)
        };
        let make = |name: &str, source: &str, groups: &[&wgpu::BindGroupLayout]| {
            make_with(name, name, source, groups, &[])
        };
        let plain_source = include_str!("../../../shaders/plain.wgsl");
        let plain_layouts = [&globals_layout, &instances_layout];
        let plain = make_with("plain", "plain", plain_source, &plain_layouts, &[]);
        let solid = make_with(
            "plain",
            "plain solid",
            plain_source,
            &plain_layouts,
            &[("SOLID", 1.0)],
        );
        let quad_source = include_str!("../../../shaders/quad.wgsl");
        let quad_layouts = [&globals_layout, &instances_layout];
        let quad = make_with(
            "quad",
            "quad",
            quad_source,
            &quad_layouts,
            &[("DASHES", 0.0)],
        );
        let quad_dashed = make_with(
            "quad",
            "quad dashed",
            quad_source,
            &quad_layouts,
            &[("DASHES", 1.0)],
        );
        let shadow = make(
            "shadow",
            include_str!("../../../shaders/shadow.wgsl"),
            &[&globals_layout, &instances_layout],
        );
        let gradient = make(
            "gradient",
            include_str!("../../../shaders/gradient.wgsl"),
            &[&globals_layout, &instances_layout],
        );
        let glyph_source = include_str!("../../../shaders/glyph.wgsl");
        let glyph_layouts = [&globals_layout, atlas_layout, &instances_layout];
        let glyph = make_with(
            "glyph",
            "glyph",
            glyph_source,
            &glyph_layouts,
            &[("FILTERED", 0.0)],
        );
        let glyph_filtered = make_with(
            "glyph",
            "glyph filtered",
            glyph_source,
            &glyph_layouts,
            &[("FILTERED", 1.0)],
        );
        let composite = make(
            "composite",
            include_str!("../../../shaders/composite.wgsl"),
            &[&globals_layout, &instances_layout, &layer_layout],
        );
        let image_layout = crate::images::bind_group_layout(device);
        let image = make(
            "image",
            include_str!("../../../shaders/image.wgsl"),
            &[&globals_layout, &instances_layout, &image_layout],
        );
        Self {
            image,
            image_layout,
            plain,
            solid,
            quad,
            quad_dashed,
            shadow,
            gradient,
            glyph,
            glyph_filtered,
            composite,
            globals_buffer,
            globals_bind_group,
            instances_layout,
            layer_layout,
        }
    }
}

/// A pipeline whose entry points are `vs_<name>` and `fs_<name>`, with the shader's
/// `override` constants set to `constants`.
fn create_pipeline(
    device: &wgpu::Device,
    name: &str,
    label: &str,
    layout: &wgpu::PipelineLayout,
    module: &wgpu::ShaderModule,
    format: wgpu::TextureFormat,
    constants: &[(&str, f64)],
) -> wgpu::RenderPipeline {
    let vertex_entry = format!("vs_{name}");
    let fragment_entry = format!("fs_{name}");
    let compilation_options = wgpu::PipelineCompilationOptions {
        constants,
        ..Default::default()
    };
    device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some(label),
        layout: Some(layout),
        vertex: wgpu::VertexState {
            module,
            entry_point: Some(&vertex_entry),
            compilation_options: compilation_options.clone(),
            buffers: &[],
        },
        primitive: wgpu::PrimitiveState {
            topology: wgpu::PrimitiveTopology::TriangleStrip,
            // 2D quads are never back-facing in a meaningful way (a mirroring transform
            // flips their winding); don't cull.
            cull_mode: None,
            ..Default::default()
        },
        depth_stencil: None,
        multisample: wgpu::MultisampleState::default(),
        fragment: Some(wgpu::FragmentState {
            module,
            entry_point: Some(&fragment_entry),
            compilation_options,
            targets: &[Some(wgpu::ColorTargetState {
                format,
                // The shaders output premultiplied colour: src + dst * (1 - src.a).
                blend: Some(wgpu::BlendState::PREMULTIPLIED_ALPHA_BLENDING),
                write_mask: wgpu::ColorWrites::ALL,
            })],
        }),
        multiview_mask: None,
        cache: None,
    })
}
