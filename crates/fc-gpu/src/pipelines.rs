//! The render pipelines (one per primitive kind) and the per-frame uniforms they share.
//!
//! Both pipelines draw a 4-vertex triangle strip per instance, read their instance from a
//! vertex buffer stepped per instance, and blend premultiplied colour "over" the target.

use bytemuck::{Pod, Zeroable};

use crate::batch::GlyphInstance;

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
    pub glyph: wgpu::RenderPipeline,
    pub globals_buffer: wgpu::Buffer,
    pub globals_bind_group: wgpu::BindGroup,
}

/// Per-instance attributes of `fc_paint::Quad`, in field order (see `shaders/quad.wgsl`).
const QUAD_ATTRIBUTES: [wgpu::VertexAttribute; 6] = wgpu::vertex_attr_array![
    0 => Float32x4, // bounds
    1 => Float32x4, // background
    2 => Float32x4, // border_color
    3 => Float32x4, // border_widths
    4 => Float32x4, // corner_radii
    5 => Float32x4, // clip
];

/// Per-instance attributes of [`GlyphInstance`], in field order (see `shaders/glyph.wgsl`);
/// the padding word after `kind` is skipped.
const GLYPH_ATTRIBUTES: [wgpu::VertexAttribute; 5] = [
    wgpu::VertexAttribute {
        format: wgpu::VertexFormat::Float32x4,
        offset: 0,
        shader_location: 0, // rect
    },
    wgpu::VertexAttribute {
        format: wgpu::VertexFormat::Uint32x2,
        offset: 16,
        shader_location: 1, // atlas_origin
    },
    wgpu::VertexAttribute {
        format: wgpu::VertexFormat::Uint32,
        offset: 24,
        shader_location: 2, // kind
    },
    wgpu::VertexAttribute {
        format: wgpu::VertexFormat::Float32x4,
        offset: 32,
        shader_location: 3, // color
    },
    wgpu::VertexAttribute {
        format: wgpu::VertexFormat::Float32x4,
        offset: 48,
        shader_location: 4, // clip
    },
];

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

        let quad_module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("quad.wgsl"),
            source: wgpu::ShaderSource::Wgsl(include_str!("../../../shaders/quad.wgsl").into()),
        });
        let glyph_module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("glyph.wgsl"),
            source: wgpu::ShaderSource::Wgsl(include_str!("../../../shaders/glyph.wgsl").into()),
        });

        let quad_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("fc-gpu quad"),
            bind_group_layouts: &[Some(&globals_layout)],
            immediate_size: 0,
        });
        let glyph_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("fc-gpu glyph"),
            bind_group_layouts: &[Some(&globals_layout), Some(atlas_layout)],
            immediate_size: 0,
        });

        let quad = create_pipeline(
            device,
            "fc-gpu quad",
            &quad_layout,
            &quad_module,
            ("vs_quad", "fs_quad"),
            wgpu::VertexBufferLayout {
                array_stride: size_of::<fc_paint::Quad>() as u64,
                step_mode: wgpu::VertexStepMode::Instance,
                attributes: &QUAD_ATTRIBUTES,
            },
            format,
        );
        let glyph = create_pipeline(
            device,
            "fc-gpu glyph",
            &glyph_layout,
            &glyph_module,
            ("vs_glyph", "fs_glyph"),
            wgpu::VertexBufferLayout {
                array_stride: size_of::<GlyphInstance>() as u64,
                step_mode: wgpu::VertexStepMode::Instance,
                attributes: &GLYPH_ATTRIBUTES,
            },
            format,
        );
        Self {
            quad,
            glyph,
            globals_buffer,
            globals_bind_group,
        }
    }
}

fn create_pipeline(
    device: &wgpu::Device,
    label: &str,
    layout: &wgpu::PipelineLayout,
    module: &wgpu::ShaderModule,
    (vertex_entry, fragment_entry): (&str, &str),
    instances: wgpu::VertexBufferLayout<'_>,
    format: wgpu::TextureFormat,
) -> wgpu::RenderPipeline {
    device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some(label),
        layout: Some(layout),
        vertex: wgpu::VertexState {
            module,
            entry_point: Some(vertex_entry),
            compilation_options: wgpu::PipelineCompilationOptions::default(),
            buffers: &[Some(instances)],
        },
        primitive: wgpu::PrimitiveState {
            topology: wgpu::PrimitiveTopology::TriangleStrip,
            // 2D quads are never back-facing in a meaningful way; don't cull.
            cull_mode: None,
            ..Default::default()
        },
        depth_stencil: None,
        multisample: wgpu::MultisampleState::default(),
        fragment: Some(wgpu::FragmentState {
            module,
            entry_point: Some(fragment_entry),
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
