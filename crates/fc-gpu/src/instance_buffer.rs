//! A vertex buffer of per-instance data that is reused across frames and grows by doubling,
//! so a scene of steady size allocates no GPU memory per frame.

use bytemuck::Pod;

/// Smallest capacity, in bytes, so the first few growths do not happen on tiny scenes.
const MIN_CAPACITY: u64 = 16 * 1024;

pub(crate) struct InstanceBuffer {
    label: &'static str,
    buffer: wgpu::Buffer,
    capacity: u64,
}

impl InstanceBuffer {
    pub fn new(device: &wgpu::Device, label: &'static str) -> Self {
        Self {
            label,
            buffer: create_buffer(device, label, MIN_CAPACITY),
            capacity: MIN_CAPACITY,
        }
    }

    /// Copies `instances` to the start of the buffer (queued; it lands before the next
    /// submission's commands), growing it first when they do not fit.
    pub fn write<T: Pod>(&mut self, device: &wgpu::Device, queue: &wgpu::Queue, instances: &[T]) {
        let bytes: &[u8] = bytemuck::cast_slice(instances);
        let needed = bytes.len() as u64;
        if needed == 0 {
            return;
        }
        if needed > self.capacity {
            let mut capacity = self.capacity;
            while capacity < needed {
                capacity *= 2;
            }
            tracing::debug!(
                buffer = self.label,
                from = self.capacity,
                to = capacity,
                "growing instance buffer"
            );
            // The old buffer may still be read by a frame in flight; wgpu keeps it alive until
            // that frame is done.
            self.buffer = create_buffer(device, self.label, capacity);
            self.capacity = capacity;
        }
        queue.write_buffer(&self.buffer, 0, bytes);
    }

    pub fn buffer(&self) -> &wgpu::Buffer {
        &self.buffer
    }

    #[cfg(test)]
    pub fn capacity(&self) -> u64 {
        self.capacity
    }
}

fn create_buffer(device: &wgpu::Device, label: &'static str, size: u64) -> wgpu::Buffer {
    device.create_buffer(&wgpu::BufferDescriptor {
        label: Some(label),
        size,
        usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}
