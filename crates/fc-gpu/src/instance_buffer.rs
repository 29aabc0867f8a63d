//! A storage buffer of per-instance records that is reused across frames and grows by
//! doubling, so a scene of steady size allocates no GPU memory per frame. The shaders read
//! it by `instance_index`; its bind group is remade only when the buffer grows.

use bytemuck::Pod;

/// Smallest capacity, in bytes, so the first few growths do not happen on tiny scenes.
const MIN_CAPACITY: u64 = 16 * 1024;

pub(crate) struct InstanceBuffer {
    label: &'static str,
    buffer: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    capacity: u64,
}

impl InstanceBuffer {
    /// `layout` is the instances' bind group layout (one read-only storage buffer).
    pub fn new(device: &wgpu::Device, layout: &wgpu::BindGroupLayout, label: &'static str) -> Self {
        let buffer = create_buffer(device, label, MIN_CAPACITY);
        Self {
            label,
            bind_group: create_bind_group(device, layout, &buffer, label),
            buffer,
            capacity: MIN_CAPACITY,
        }
    }

    /// Copies `instances` to the start of the buffer (queued; it lands before the next
    /// submission's commands), growing it first when they do not fit.
    pub fn write<T: Pod>(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        layout: &wgpu::BindGroupLayout,
        instances: &[T],
    ) {
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
            self.bind_group = create_bind_group(device, layout, &self.buffer, self.label);
            self.capacity = capacity;
        }
        queue.write_buffer(&self.buffer, 0, bytes);
    }

    pub fn bind_group(&self) -> &wgpu::BindGroup {
        &self.bind_group
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
        usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

fn create_bind_group(
    device: &wgpu::Device,
    layout: &wgpu::BindGroupLayout,
    buffer: &wgpu::Buffer,
    label: &'static str,
) -> wgpu::BindGroup {
    device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some(label),
        layout,
        entries: &[wgpu::BindGroupEntry {
            binding: 0,
            resource: buffer.as_entire_binding(),
        }],
    })
}
