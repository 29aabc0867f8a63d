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
    /// 1 when the target stores linear values and the shaders must decode sRGB (see
    /// `Renderer::for_window`), else 0.
    pub linear_target: u32,
    pub _pad: u32,
}

pub(crate) struct Pipelines {
    pub quad: wgpu::RenderPipeline,
    pub shadow: wgpu::RenderPipeline,
    pub gradient: wgpu::RenderPipeline,
    pub glyph: wgpu::RenderPipeline,
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
    /// bind group layout (group 1 of the glyph pipeline).
    pub fn new(
        device: &wgpu::Device,
        format: wgpu::TextureFormat,
        atlas_layout: &wgpu::BindGroupLayout,
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

        let make = |name: &str, source: &str, groups: &[&wgpu::BindGroupLayout]| {
            let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
                label: Some(name),
                source: wgpu::ShaderSource::Wgsl(format!("{COMMON}\n{source}").into()),
            });
            let layouts: Vec<Option<&wgpu::BindGroupLayout>> =
                groups.iter().map(|g| Some(*g)).collect();
            let layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
                label: Some(name),
                bind_group_layouts: &layouts,
                immediate_size: 0,
            });
            create_pipeline(device, name, &layout, &module, format)
        };
        let quad = make(
            "quad",
            include_str!("../../../shaders/quad.wgsl"),
            &[&globals_layout, &instances_layout],
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
        let glyph = make(
            "glyph",
            include_str!("../../../shaders/glyph.wgsl"),
            &[&globals_layout, atlas_layout, &instances_layout],
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
            quad,
            shadow,
            gradient,
            glyph,
            composite,
            globals_buffer,
            globals_bind_group,
            instances_layout,
            layer_layout,
        }
    }
}

/// A pipeline whose entry points are `vs_<name>` and `fs_<name>`.
fn create_pipeline(
    device: &wgpu::Device,
    name: &str,
    layout: &wgpu::PipelineLayout,
    module: &wgpu::ShaderModule,
    format: wgpu::TextureFormat,
) -> wgpu::RenderPipeline {
    let vertex_entry = format!("vs_{name}");
    let fragment_entry = format!("fs_{name}");
    device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some(name),
        layout: Some(layout),
        vertex: wgpu::VertexState {
            module,
            entry_point: Some(&vertex_entry),
            compilation_options: wgpu::PipelineCompilationOptions::default(),
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
            compilation_options: wgpu::PipelineCompilationOptions::default(),
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
