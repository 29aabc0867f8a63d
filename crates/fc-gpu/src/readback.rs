//! Reading an offscreen target back into an [`RgbaImage`].
//!
//! Texture-to-buffer copies need every row to start at a multiple of
//! `COPY_BYTES_PER_ROW_ALIGNMENT` (256 bytes), so the buffer holds padded rows and
//! [`unpad_rows`] packs them tightly; any width works this way (rather than restricting
//! target widths to multiples of 64 pixels).

use crate::{Result, RgbaImage};

/// Bytes per pixel of the offscreen target (`Rgba8Unorm`).
const BYTES_PER_PIXEL: u32 = 4;

/// Bytes per row in the readback buffer: `width * 4` rounded up to the copy alignment.
pub(crate) fn padded_bytes_per_row(width: u32) -> u32 {
    let unpadded = width * BYTES_PER_PIXEL;
    unpadded.div_ceil(wgpu::COPY_BYTES_PER_ROW_ALIGNMENT) * wgpu::COPY_BYTES_PER_ROW_ALIGNMENT
}

/// A reusable buffer that frames are copied into for reading, sized for one target size.
pub(crate) struct Readback {
    buffer: wgpu::Buffer,
    width: u32,
    height: u32,
}

impl Readback {
    pub fn new(device: &wgpu::Device, width: u32, height: u32) -> Self {
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("fc-gpu readback"),
            size: u64::from(padded_bytes_per_row(width)) * u64::from(height),
            usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            mapped_at_creation: false,
        });
        Self {
            buffer,
            width,
            height,
        }
    }

    pub fn fits(&self, width: u32, height: u32) -> bool {
        self.width == width && self.height == height
    }

    /// Copies `texture` (premultiplied `Rgba8Unorm`, this readback's size) into the buffer,
    /// waits for the GPU and returns the pixels with straight alpha.
    pub fn read(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        texture: &wgpu::Texture,
    ) -> Result<RgbaImage> {
        let padded = padded_bytes_per_row(self.width);
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("fc-gpu readback"),
        });
        encoder.copy_texture_to_buffer(
            texture.as_image_copy(),
            wgpu::TexelCopyBufferInfo {
                buffer: &self.buffer,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded),
                    rows_per_image: Some(self.height),
                },
            },
            wgpu::Extent3d {
                width: self.width,
                height: self.height,
                depth_or_array_layers: 1,
            },
        );
        queue.submit([encoder.finish()]);

        let slice = self.buffer.slice(..);
        let (sender, receiver) = std::sync::mpsc::channel();
        slice.map_async(wgpu::MapMode::Read, move |result| {
            // The receiver only goes away if `read` already returned, and then nobody cares.
            let _ = sender.send(result);
        });
        device.poll(wgpu::PollType::wait_indefinitely())?;
        receiver
            .recv()
            .expect("map_async calls back during a blocking poll")?;

        let mut pixels = {
            let mapped = slice
                .get_mapped_range()
                .expect("the whole buffer was just mapped for reading");
            unpad_rows(&mapped, self.width, self.height, padded)
        };
        self.buffer.unmap();
        unpremultiply_in_place(&mut pixels);
        Ok(RgbaImage {
            width: self.width,
            height: self.height,
            pixels,
        })
    }
}

/// Packs `height` rows of `width` RGBA8 pixels, each starting every `padded` bytes of
/// `data`, into a tight buffer.
pub(crate) fn unpad_rows(data: &[u8], width: u32, height: u32, padded: u32) -> Vec<u8> {
    let row = (width * BYTES_PER_PIXEL) as usize;
    let mut out = Vec::with_capacity(row * height as usize);
    for chunk in data.chunks(padded as usize).take(height as usize) {
        out.extend_from_slice(&chunk[..row]);
    }
    out
}

/// Premultiplied RGBA8 to straight RGBA8, rounding to nearest. Opaque pixels, the common
/// case, are untouched; fully transparent ones become transparent black.
pub(crate) fn unpremultiply_in_place(pixels: &mut [u8]) {
    for p in pixels.chunks_exact_mut(4) {
        match p[3] {
            255 => {}
            0 => p[..3].fill(0),
            a => {
                let a = u32::from(a);
                for c in &mut p[..3] {
                    *c = ((u32::from(*c) * 255 + a / 2) / a).min(255) as u8;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_padded_to_256_bytes() {
        assert_eq!(padded_bytes_per_row(1), 256);
        assert_eq!(padded_bytes_per_row(64), 256);
        assert_eq!(padded_bytes_per_row(65), 512);
        assert_eq!(padded_bytes_per_row(333), 1536);
    }

    #[test]
    fn unpad_keeps_only_the_pixels() {
        // Two rows of one pixel, padded to 8 bytes.
        let data = [1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 8, 0, 0, 0, 0];
        assert_eq!(unpad_rows(&data, 1, 2, 8), vec![1, 2, 3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn unpremultiply_restores_straight_colour() {
        let mut px = [64, 0, 32, 128, 9, 9, 9, 0, 10, 20, 30, 255];
        unpremultiply_in_place(&mut px);
        assert_eq!(px, [128, 0, 64, 128, 0, 0, 0, 0, 10, 20, 30, 255]);
    }
}
