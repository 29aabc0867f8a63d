//! The glyph atlas: glyph images rasterised once with cosmic-text's `SwashCache`, packed with
//! etagere into two textures (`R8Unorm` coverage masks, `Rgba8Unorm` premultiplied colour
//! glyphs), found again by their cosmic-text `CacheKey`.
//!
//! Uploads go through `Queue::write_texture`, which wgpu runs at the start of the next
//! submission, so every glyph a frame uses is in place before that frame's draws. A full page
//! doubles (its old contents copied over on the GPU) up to a size cap; once at the cap,
//! [`AtlasFull`] tells the caller to [`GlyphAtlas::clear`] and add only the current frame's
//! glyphs again.

use std::collections::HashMap;

use cosmic_text::{CacheKey, FontSystem, SwashCache, SwashContent, SwashImage};
use etagere::{size2, BucketedAtlasAllocator};

/// Side of the coverage-mask page at start, in texels (1 MiB of R8): room for a few thousand
/// glyphs at UI text sizes, so most pages never grow.
const MASK_INITIAL_SIZE: u32 = 1024;
/// Side of the colour page at start, in texels (256 KiB of RGBA8): colour glyphs (emoji) are
/// rare, so it starts small and grows when they appear.
const COLOR_INITIAL_SIZE: u32 = 256;
/// Largest side a page may grow to, in texels, even when the device allows more: 8192² R8 is
/// 64 MiB, beyond that clearing and re-adding costs less memory than growing.
const MAX_PAGE_SIZE: u32 = 8192;

/// Which page, and so which shader path, a glyph image uses. The values are the
/// `KIND_*` constants of `shaders/glyph.wgsl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub(crate) enum GlyphKind {
    /// Coverage in the R8 page, tinted by the glyph colour.
    Mask = 0,
    /// Premultiplied RGBA in the colour page (emoji), faded by the glyph colour's alpha.
    Color = 1,
}

/// Where a glyph's image lives and how it sits relative to the glyph origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AtlasGlyph {
    /// Top-left texel in its page.
    pub origin: [u32; 2],
    /// Image size in texels (= device pixels).
    pub size: [u32; 2],
    /// Offset of the image's left edge right of the glyph origin (swash `placement.left`).
    pub left: i32,
    /// Offset of the image's top edge above the glyph origin (swash `placement.top`).
    pub top: i32,
    pub kind: GlyphKind,
}

/// Returned when a glyph does not fit even after growing its page to the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AtlasFull;

/// One texture and the allocator that hands out its rectangles.
struct AtlasPage {
    label: &'static str,
    format: wgpu::TextureFormat,
    size: u32,
    texture: wgpu::Texture,
    view: wgpu::TextureView,
    allocator: BucketedAtlasAllocator,
}

impl AtlasPage {
    fn new(
        device: &wgpu::Device,
        label: &'static str,
        format: wgpu::TextureFormat,
        size: u32,
    ) -> Self {
        let texture = create_page_texture(device, label, format, size);
        let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        Self {
            label,
            format,
            size,
            texture,
            view,
            allocator: BucketedAtlasAllocator::new(size2(size as i32, size as i32)),
        }
    }

    /// Bytes per texel of `format`.
    fn bytes_per_texel(&self) -> u32 {
        self.format
            .block_copy_size(None)
            .expect("atlas formats are plain colour formats")
    }

    /// Reserves a `width` x `height` rectangle, growing the page up to `max_size` when full.
    /// Returns its top-left texel.
    fn allocate(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        width: u32,
        height: u32,
        max_size: u32,
    ) -> Option<[u32; 2]> {
        loop {
            if let Some(a) = self.allocator.allocate(size2(width as i32, height as i32)) {
                return Some([a.rectangle.min.x as u32, a.rectangle.min.y as u32]);
            }
            if self.size >= max_size {
                return None;
            }
            self.grow(device, queue, (self.size * 2).min(max_size));
        }
    }

    /// Replaces the texture by a `new_size` one holding the same texels at the same places.
    fn grow(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, new_size: u32) {
        tracing::debug!(
            page = self.label,
            from = self.size,
            to = new_size,
            "growing glyph atlas"
        );
        let texture = create_page_texture(device, self.label, self.format, new_size);
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("fc-gpu atlas grow"),
        });
        encoder.copy_texture_to_texture(
            self.texture.as_image_copy(),
            texture.as_image_copy(),
            wgpu::Extent3d {
                width: self.size,
                height: self.size,
                depth_or_array_layers: 1,
            },
        );
        // Submitted now, not with the frame: uploads queued before this point target the old
        // texture and run first (write_texture runs at the start of the next submission), and
        // uploads queued after it into the new texture run after the copy, so the copy cannot
        // overwrite a glyph added after the growth.
        queue.submit([encoder.finish()]);
        self.allocator.grow(size2(new_size as i32, new_size as i32));
        self.view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        self.texture = texture;
        self.size = new_size;
    }

    fn upload(&self, queue: &wgpu::Queue, origin: [u32; 2], width: u32, height: u32, data: &[u8]) {
        queue.write_texture(
            wgpu::TexelCopyTextureInfo {
                texture: &self.texture,
                mip_level: 0,
                origin: wgpu::Origin3d {
                    x: origin[0],
                    y: origin[1],
                    z: 0,
                },
                aspect: wgpu::TextureAspect::All,
            },
            data,
            wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(width * self.bytes_per_texel()),
                rows_per_image: Some(height),
            },
            wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
        );
    }
}

fn create_page_texture(
    device: &wgpu::Device,
    label: &'static str,
    format: wgpu::TextureFormat,
    size: u32,
) -> wgpu::Texture {
    device.create_texture(&wgpu::TextureDescriptor {
        label: Some(label),
        size: wgpu::Extent3d {
            width: size,
            height: size,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        // COPY_SRC: growing copies the old page into the new one.
        usage: wgpu::TextureUsages::TEXTURE_BINDING
            | wgpu::TextureUsages::COPY_DST
            | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    })
}

/// All glyph images the renderer has uploaded: one per [`crate::Renderer`].
pub(crate) struct GlyphAtlas {
    mask: AtlasPage,
    color: AtlasPage,
    max_size: u32,
    /// `None`: the glyph has no image (a space) or could not be rasterised; it draws nothing.
    glyphs: HashMap<CacheKey, Option<AtlasGlyph>>,
    swash: SwashCache,
    layout: wgpu::BindGroupLayout,
    bind_group: wgpu::BindGroup,
    /// A page was replaced since `bind_group` was made.
    bind_group_stale: bool,
    /// How many times the atlas was cleared, for logs and tests.
    clears: u64,
}

impl GlyphAtlas {
    pub fn new(device: &wgpu::Device) -> Self {
        let max_size = device.limits().max_texture_dimension_2d.min(MAX_PAGE_SIZE);
        Self::with_sizes(
            device,
            MASK_INITIAL_SIZE.min(max_size),
            COLOR_INITIAL_SIZE.min(max_size),
            max_size,
        )
    }

    /// An atlas with chosen page sizes; tests use tiny ones to exercise growing and clearing.
    pub fn with_sizes(
        device: &wgpu::Device,
        mask_size: u32,
        color_size: u32,
        max_size: u32,
    ) -> Self {
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("fc-gpu glyph atlas"),
            entries: &[page_layout_entry(0), page_layout_entry(1)],
        });
        let mask = AtlasPage::new(
            device,
            "fc-gpu mask atlas",
            wgpu::TextureFormat::R8Unorm,
            mask_size,
        );
        let color = AtlasPage::new(
            device,
            "fc-gpu color atlas",
            wgpu::TextureFormat::Rgba8Unorm,
            color_size,
        );
        let bind_group = create_bind_group(device, &layout, &mask, &color);
        Self {
            mask,
            color,
            max_size,
            glyphs: HashMap::new(),
            swash: SwashCache::new(),
            layout,
            bind_group,
            bind_group_stale: false,
            clears: 0,
        }
    }

    /// Layout of [`GlyphAtlas::bind_group`]: the mask page at binding 0, the colour page at 1.
    pub fn bind_group_layout(&self) -> &wgpu::BindGroupLayout {
        &self.layout
    }

    /// The pages as bound by `shaders/glyph.wgsl` (group 1), current after any growth.
    pub fn bind_group(&mut self, device: &wgpu::Device) -> &wgpu::BindGroup {
        if self.bind_group_stale {
            self.bind_group = create_bind_group(device, &self.layout, &self.mask, &self.color);
            self.bind_group_stale = false;
        }
        &self.bind_group
    }

    /// Forgets every glyph, keeping the textures at their current size.
    pub fn clear(&mut self) {
        self.clears += 1;
        tracing::debug!(
            glyphs = self.glyphs.len(),
            clears = self.clears,
            "clearing glyph atlas"
        );
        self.glyphs.clear();
        self.mask.allocator.clear();
        self.color.allocator.clear();
    }

    /// The glyph's place in the atlas, rasterising and uploading it the first time.
    /// `Ok(None)`: the glyph draws nothing. `Err(AtlasFull)`: clear and try again.
    pub fn get_or_insert(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        fonts: &mut FontSystem,
        key: CacheKey,
    ) -> Result<Option<AtlasGlyph>, AtlasFull> {
        if let Some(glyph) = self.glyphs.get(&key) {
            return Ok(*glyph);
        }
        let Some(image) = self.swash.get_image_uncached(fonts, key) else {
            self.glyphs.insert(key, None);
            return Ok(None);
        };
        let (width, height) = (image.placement.width, image.placement.height);
        if width == 0 || height == 0 {
            self.glyphs.insert(key, None);
            return Ok(None);
        }
        if width > self.max_size || height > self.max_size {
            tracing::warn!(
                width,
                height,
                max = self.max_size,
                "glyph larger than the atlas; not drawn"
            );
            self.glyphs.insert(key, None);
            return Ok(None);
        }
        let (kind, data) = atlas_pixels(&image);
        let page = match kind {
            GlyphKind::Mask => &mut self.mask,
            GlyphKind::Color => &mut self.color,
        };
        let size_before = page.size;
        let origin = page
            .allocate(device, queue, width, height, self.max_size)
            .ok_or(AtlasFull)?;
        if page.size != size_before {
            self.bind_group_stale = true;
        }
        page.upload(queue, origin, width, height, &data);
        let glyph = AtlasGlyph {
            origin,
            size: [width, height],
            left: image.placement.left,
            top: image.placement.top,
            kind,
        };
        self.glyphs.insert(key, Some(glyph));
        Ok(Some(glyph))
    }

    /// Current side lengths of the mask and colour pages, in texels.
    #[cfg(test)]
    pub fn page_sizes(&self) -> (u32, u32) {
        (self.mask.size, self.color.size)
    }

    /// How many times the atlas was cleared (glyphs placed before may have moved).
    pub fn clears(&self) -> u64 {
        self.clears
    }
}

/// The texels to upload for `image` and the page they go to. Mask images go as they are;
/// colour images are made premultiplied; swash's subpixel masks (not requested by cosmic-text,
/// handled for completeness) become plain coverage.
fn atlas_pixels(image: &SwashImage) -> (GlyphKind, std::borrow::Cow<'_, [u8]>) {
    match image.content {
        SwashContent::Mask => (GlyphKind::Mask, std::borrow::Cow::Borrowed(&image.data[..])),
        SwashContent::SubpixelMask => {
            let coverage = image
                .data
                .chunks_exact(4)
                .map(|p| ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8)
                .collect();
            (GlyphKind::Mask, std::borrow::Cow::Owned(coverage))
        }
        SwashContent::Color => {
            // swash composites colour outlines (COLR) layer by layer over transparent black,
            // which leaves them premultiplied; colour bitmaps (CBDT, sbix PNGs) arrive
            // straight. swash's `Source` enum is not re-exported by cosmic-text, so its Debug
            // name tells the two apart.
            let premultiplied = format!("{:?}", image.source).starts_with("ColorOutline");
            if premultiplied {
                (
                    GlyphKind::Color,
                    std::borrow::Cow::Borrowed(&image.data[..]),
                )
            } else {
                (
                    GlyphKind::Color,
                    std::borrow::Cow::Owned(premultiply_rgba(&image.data)),
                )
            }
        }
    }
}

/// Straight RGBA8 to premultiplied RGBA8, rounding to nearest.
pub(crate) fn premultiply_rgba(straight: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(straight.len());
    for p in straight.chunks_exact(4) {
        let a = u32::from(p[3]);
        for &c in &p[..3] {
            out.push(((u32::from(c) * a + 127) / 255) as u8);
        }
        out.push(p[3]);
    }
    out
}

fn page_layout_entry(binding: u32) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Texture {
            // Read with textureLoad only, never filtered.
            sample_type: wgpu::TextureSampleType::Float { filterable: false },
            view_dimension: wgpu::TextureViewDimension::D2,
            multisampled: false,
        },
        count: None,
    }
}

fn create_bind_group(
    device: &wgpu::Device,
    layout: &wgpu::BindGroupLayout,
    mask: &AtlasPage,
    color: &AtlasPage,
) -> wgpu::BindGroup {
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some("fc-gpu glyph atlas"),
        layout,
        entries: &[
            wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::TextureView(&mask.view),
            },
            wgpu::BindGroupEntry {
                binding: 1,
                resource: wgpu::BindingResource::TextureView(&color.view),
            },
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn premultiply_scales_colour_by_alpha() {
        assert_eq!(
            premultiply_rgba(&[255, 128, 0, 128, 10, 20, 30, 255, 200, 200, 200, 0]),
            vec![128, 64, 0, 128, 10, 20, 30, 255, 0, 0, 0, 0]
        );
    }
}
