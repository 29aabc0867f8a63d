//! fc-gpu: draws a [`fc_paint::Scene`] with wgpu, into a window surface or an offscreen
//! texture that can be read back as an [`RgbaImage`].
//!
//! It is the only crate that touches wgpu. It knows nothing about the view tree, styles or
//! layout: `fc-paint` flattens those into a `Scene` (quads, shadows, gradients and glyphs in
//! device pixels, in paint order, each with its clip and transform, plus opacity groups) and
//! this crate turns that list into pixels. It is not a general vector renderer (no paths),
//! and it does not shape text: glyphs arrive as cosmic-text cache keys with their
//! positions, and are only rasterised here.
//!
//! How a frame is drawn (see [`Renderer::render`]):
//! 1. new glyphs are rasterised with cosmic-text's `SwashCache` and packed into atlases
//!    (`atlas.rs`);
//! 2. the scene's items are split into passes (the target, and one per opacity group) and
//!    batches, consecutive items of one kind per batch, and their instances are written into
//!    one storage buffer per kind, reused across frames and grown by doubling (`batch.rs`,
//!    `instances.rs`, `instance_buffer.rs`);
//! 3. passes run children first; each batch is one instanced `draw(0..4, range)` whose vertex
//!    shader expands a unit quad (`pipelines.rs`, `shaders/*.wgsl`); an opacity group's layer
//!    is composited into its parent with one more quad (`shaders/composite.wgsl`).
//!
//! Colours: CSS colours are sRGB and browsers blend in sRGB space, so targets are non-sRGB
//! formats holding sRGB values and the shaders output premultiplied sRGB; see
//! [`Renderer::for_window`] for the fallback when a surface offers only sRGB formats.
//!
//! Adapter: hardware first, with default options; `FCPLAYER_SOFTWARE=1` asks for the fallback
//! (CPU) adapter instead, Mesa's lavapipe on Linux CI.

#![deny(unsafe_code)]

mod atlas;
mod batch;
mod device;
mod images;
mod instance_buffer;
mod instances;
mod pipelines;
mod readback;
mod renderer;

pub use device::SOFTWARE_ENV;
pub use renderer::Renderer;

/// `fc-gpu`'s result type.
pub type Result<T, E = GpuError> = std::result::Result<T, E>;

/// A frame read back from the GPU: tightly packed RGBA8, straight (not premultiplied) alpha,
/// sRGB values as a browser would produce, rows from top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RgbaImage {
    pub width: u32,
    pub height: u32,
    /// `width * height * 4` bytes.
    pub pixels: Vec<u8>,
}

impl RgbaImage {
    /// The pixel at `(x, y)` as `[r, g, b, a]`, or `None` outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * 4;
        let p = self.pixels.get(i..i + 4)?;
        Some([p[0], p[1], p[2], p[3]])
    }
}

/// What can go wrong while setting up or using a [`Renderer`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GpuError {
    /// No adapter (GPU or software rasteriser) is usable: at creation, when wgpu finds no
    /// Vulkan device at all, or none when `FCPLAYER_SOFTWARE=1` asks for a CPU one. On Linux,
    /// installing Mesa's lavapipe (`mesa-vulkan-drivers`) gives a software one.
    #[error(
        "no usable GPU adapter ({0}); on Linux, Mesa's lavapipe (package mesa-vulkan-drivers) \
         provides a software one"
    )]
    NoAdapter(#[from] wgpu::RequestAdapterError),
    /// The adapter refused to open a device with the features and limits the renderer needs:
    /// at creation.
    #[error("could not open a GPU device: {0}")]
    RequestDevice(#[from] wgpu::RequestDeviceError),
    /// The window's surface could not be made, or it cannot be drawn with this adapter, or a
    /// frame could not be acquired from it (the surface was lost and recreating it did not
    /// help, or the driver timed out): from [`Renderer::for_window`] and [`Renderer::render`].
    #[error("window surface: {0}")]
    Surface(String),
    /// [`Renderer::read_pixels`] was called on a window renderer: only offscreen renderers
    /// ([`Renderer::headless`]) keep their frame; make one of those for screenshots.
    #[error(
        "read_pixels needs an offscreen renderer (Renderer::headless); this one draws to a window"
    )]
    NotOffscreen,
    /// Mapping the readback buffer failed, typically because the device was lost: from
    /// [`Renderer::read_pixels`].
    #[error("could not map the readback buffer: {0}")]
    Map(#[from] wgpu::BufferAsyncError),
    /// Waiting for the GPU failed (device lost, or the wait timed out): from
    /// [`Renderer::read_pixels`].
    #[error("waiting for the GPU failed: {0}")]
    Poll(#[from] wgpu::PollError),
}

// Renderers move to the render thread and errors travel through `anyhow`.
const _: () = {
    const fn assert_send<T: Send>() {}
    const fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send::<Renderer>();
    assert_send_sync::<GpuError>();
};

impl From<wgpu::CreateSurfaceError> for GpuError {
    fn from(e: wgpu::CreateSurfaceError) -> Self {
        GpuError::Surface(e.to_string())
    }
}
