//! Choosing an adapter and opening a device: hardware first, the CPU fallback on request.

use crate::{GpuError, Result};

/// The environment variable that forces the fallback (software, CPU) adapter when set to `1`
/// (or `true`): Mesa's lavapipe on Linux. Useful on machines whose GPU driver misbehaves and to
/// make CI runs identical to local ones.
pub const SOFTWARE_ENV: &str = "FCPLAYER_SOFTWARE";

/// The chosen adapter and the device opened on it.
pub(crate) struct Gpu {
    pub adapter: wgpu::Adapter,
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
}

/// Whether `FCPLAYER_SOFTWARE` asks for the fallback adapter.
pub(crate) fn software_requested() -> bool {
    std::env::var(SOFTWARE_ENV)
        .map(|v| v == "1" || v.eq_ignore_ascii_case("true"))
        .unwrap_or(false)
}

/// A wgpu instance with default options, adjusted by wgpu's own environment variables
/// (`WGPU_BACKEND`, `WGPU_DEBUG`, ...).
pub(crate) fn create_instance() -> wgpu::Instance {
    wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env())
}

/// Picks an adapter (able to present to `surface` when given) and opens a device on it.
pub(crate) fn open_device(
    instance: &wgpu::Instance,
    surface: Option<&wgpu::Surface<'_>>,
) -> Result<Gpu> {
    let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions {
        power_preference: wgpu::PowerPreference::default(),
        force_fallback_adapter: software_requested(),
        compatible_surface: surface,
        apply_limit_buckets: false,
    }))?;
    tracing::debug!(adapter = %describe_adapter(&adapter), "chose GPU adapter");

    // The renderer needs little: two small textures, a handful of vertex attributes. Ask for
    // the downlevel defaults so old GPUs qualify, but take the adapter's real texture size
    // limit so large windows and atlases work where the hardware allows them.
    let required_limits = wgpu::Limits::downlevel_defaults().using_resolution(adapter.limits());
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        label: Some("fc-gpu device"),
        required_features: wgpu::Features::empty(),
        required_limits,
        memory_hints: wgpu::MemoryHints::MemoryUsage,
        ..Default::default()
    }))
    .map_err(GpuError::from)?;
    Ok(Gpu {
        adapter,
        device,
        queue,
    })
}

/// "name (backend, device type)", for logs.
pub(crate) fn describe_adapter(adapter: &wgpu::Adapter) -> String {
    let info = adapter.get_info();
    let mut text = format!("{} ({:?}, {:?}", info.name, info.backend, info.device_type);
    if !info.driver.is_empty() {
        text.push_str(", ");
        text.push_str(&info.driver);
        if !info.driver_info.is_empty() {
            text.push(' ');
            text.push_str(&info.driver_info);
        }
    }
    text.push(')');
    text
}
