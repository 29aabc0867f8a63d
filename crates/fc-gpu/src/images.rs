//! `<image>` textures and instances. Each image is uploaded once into a texture of its own
//! (RGBA8, premultiplied sRGB values as they are, like the targets), with a bind group
//! (texture + linear sampler) cached by `ImagePixels::id`; a texture not used for a few
//! frames is dropped. One texture per image rather than an atlas: images are few and large,
//! and a batch per image costs little next to the pixels it covers.

use bytemuck::{Pod, Zeroable};
use fc_paint::{ImageItem, Item, Scene};
use std::collections::HashMap;

use crate::instances::{GpuClip, GpuTransform};

/// Frames an unused texture is kept.
const KEEP_FRAMES: u64 = 120;

/// `ImageData` in image.wgsl.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct ImageInstance {
    pub dest: [f32; 4],
    pub uv: [f32; 4],
    pub bounds: [f32; 4],
    pub corner_radii: [f32; 4],
    pub params: [f32; 4],
    pub clip: GpuClip,
    pub transform: GpuTransform,
}

pub(crate) fn image_instance(item: &ImageItem) -> ImageInstance {
    let (w, h) = (
        item.pixels.width.max(1) as f32,
        item.pixels.height.max(1) as f32,
    );
    let s = item.src;
    ImageInstance {
        dest: item.dest,
        uv: [s[0] / w, s[1] / h, (s[0] + s[2]) / w, (s[1] + s[3]) / h],
        bounds: item.bounds,
        corner_radii: item.corner_radii,
        params: [item.opacity.clamp(0.0, 1.0), 0.0, 0.0, 0.0],
        clip: item.clip.into(),
        transform: item.transform.into(),
    }
}

pub(crate) fn bind_group_layout(device: &wgpu::Device) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some("fc-gpu image"),
        entries: &[
            wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::FRAGMENT,
                ty: wgpu::BindingType::Texture {
                    sample_type: wgpu::TextureSampleType::Float { filterable: true },
                    view_dimension: wgpu::TextureViewDimension::D2,
                    multisampled: false,
                },
                count: None,
            },
            wgpu::BindGroupLayoutEntry {
                binding: 1,
                visibility: wgpu::ShaderStages::FRAGMENT,
                ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                count: None,
            },
        ],
    })
}

struct Entry {
    bind_group: wgpu::BindGroup,
    last_used: u64,
}

/// The image textures, by image id.
#[derive(Default)]
pub(crate) struct ImageTextures {
    entries: HashMap<u64, Entry>,
    sampler: Option<wgpu::Sampler>,
    frame: u64,
}

impl ImageTextures {
    /// Uploads the scene's images that have no texture yet; drops long-unused ones.
    pub fn prepare(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        layout: &wgpu::BindGroupLayout,
        scene: &Scene,
    ) {
        self.frame += 1;
        let frame = self.frame;
        let sampler = self
            .sampler
            .get_or_insert_with(|| {
                device.create_sampler(&wgpu::SamplerDescriptor {
                    label: Some("fc-gpu image"),
                    mag_filter: wgpu::FilterMode::Linear,
                    min_filter: wgpu::FilterMode::Linear,
                    ..Default::default()
                })
            })
            .clone();
        for item in &scene.items {
            let Item::Image(img) = item else { continue };
            let px = &img.pixels;
            if let Some(e) = self.entries.get_mut(&px.id) {
                e.last_used = frame;
                continue;
            }
            let expected = px.width as usize * px.height as usize * 4;
            if px.width == 0 || px.height == 0 || px.rgba.len() != expected {
                continue;
            }
            let size = wgpu::Extent3d {
                width: px.width,
                height: px.height,
                depth_or_array_layers: 1,
            };
            let texture = device.create_texture(&wgpu::TextureDescriptor {
                label: Some("fc-gpu image"),
                size,
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format: wgpu::TextureFormat::Rgba8Unorm,
                usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
                view_formats: &[],
            });
            queue.write_texture(
                wgpu::TexelCopyTextureInfo {
                    texture: &texture,
                    mip_level: 0,
                    origin: wgpu::Origin3d::ZERO,
                    aspect: wgpu::TextureAspect::All,
                },
                &px.rgba,
                wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(px.width * 4),
                    rows_per_image: Some(px.height),
                },
                size,
            );
            let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
            let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("fc-gpu image"),
                layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: wgpu::BindingResource::TextureView(&view),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: wgpu::BindingResource::Sampler(&sampler),
                    },
                ],
            });
            self.entries.insert(
                px.id,
                Entry {
                    bind_group,
                    last_used: frame,
                },
            );
        }
        self.entries
            .retain(|_, e| frame.saturating_sub(e.last_used) <= KEEP_FRAMES);
    }

    pub fn bind_group(&self, id: u64) -> Option<&wgpu::BindGroup> {
        self.entries.get(&id).map(|e| &e.bind_group)
    }
}
